#include "cli/netrc.h"

#include <gtest/gtest.h>

#include <random>

namespace latchkey::cli {
namespace {

TEST(NetrcParse, ReadsSeveralMachines) {
  Netrc n = Netrc::parse(
      "machine api.example.com\n  login a@example.com\n  password tok1\n"
      "machine 127.0.0.1:5000 login b@example.com password tok2 account acct\n");
  ASSERT_EQ(n.entries().size(), 2u);
  EXPECT_EQ(n.entries()[0].machine, "api.example.com");
  EXPECT_EQ(n.entries()[0].login, "a@example.com");
  EXPECT_EQ(n.entries()[0].password, "tok1");
  const NetrcEntry* e = n.find("127.0.0.1:5000");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->login, "b@example.com");
  EXPECT_EQ(e->password, "tok2");
  EXPECT_EQ(e->account, "acct");
}

TEST(NetrcParse, MachineMatchIsCaseInsensitiveAndFirstWins) {
  Netrc n = Netrc::parse("machine Host.Example password one\nmachine host.example password two\n");
  ASSERT_NE(n.find("host.EXAMPLE"), nullptr);
  EXPECT_EQ(n.find("host.example")->password, "one");
  EXPECT_EQ(n.find("other"), nullptr);
}

TEST(NetrcParse, DefaultIsParsedButNeverFound) {
  Netrc n = Netrc::parse("machine a password x\ndefault login anonymous password guest\n");
  ASSERT_EQ(n.entries().size(), 2u);
  EXPECT_TRUE(n.entries()[1].is_default);
  EXPECT_EQ(n.entries()[1].login, "anonymous");
  EXPECT_EQ(n.find("b"), nullptr);
  EXPECT_EQ(n.find(""), nullptr);
}

TEST(NetrcParse, MacdefBodyIsSkippedUntilBlankLine) {
  Netrc n = Netrc::parse(
      "machine ftp.example login u password p\n"
      "macdef init\n"
      "machine evil password stolen\n"
      "cd /pub\n"
      "\n"
      "machine real password r\n");
  ASSERT_EQ(n.entries().size(), 2u);
  EXPECT_EQ(n.find("evil"), nullptr);
  ASSERT_EQ(n.entries()[0].macros.size(), 1u);
  EXPECT_EQ(n.entries()[0].macros[0].name, "init");
  EXPECT_EQ(n.entries()[0].macros[0].body, "machine evil password stolen\ncd /pub");
  EXPECT_EQ(n.find("real")->password, "r");
}

TEST(NetrcParse, QuotedValuesWithEscapes) {
  Netrc n = Netrc::parse(R"(machine "my host" login "a b" password "p\"q\\r\tz" account "machine")");
  const NetrcEntry* e = n.find("my host");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->login, "a b");
  EXPECT_EQ(e->password, "p\"q\\r\tz");
  EXPECT_EQ(e->account, "machine");  // a quoted keyword is a value
}

TEST(NetrcParse, UnterminatedQuoteEndsAtLineEnd) {
  Netrc n = Netrc::parse("machine a password \"abc def\nmachine b password x\n");
  EXPECT_EQ(n.find("a")->password, "abc def");
  EXPECT_EQ(n.find("b")->password, "x");
}

TEST(NetrcParse, BackslashNeverContinuesAQuotedValueOntoTheNextLine) {
  Netrc n = Netrc::parse("machine a password \"abc\\\nmachine b password x\n");
  EXPECT_EQ(n.find("a")->password, "abc");
  EXPECT_EQ(n.find("b")->password, "x");
  Netrc at_end = Netrc::parse("machine a password \"abc\\\n");
  at_end.set("c", "u", "t");  // found by the fuzzer: an appended entry must not join the quote
  EXPECT_EQ(Netrc::parse(at_end.serialize()).find("c")->password, "t");
}

TEST(NetrcParse, CommentsAreIgnored) {
  Netrc n = Netrc::parse(
      "# my credentials\n"
      "machine a # the API\n"
      "  login u # who\n"
      "  password p#not-a-comment\n");
  const NetrcEntry* e = n.find("a");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->login, "u");
  EXPECT_EQ(e->password, "p#not-a-comment");
}

TEST(NetrcParse, UnknownTokensBecomePropertiesAndKeywordsAreCaseInsensitive) {
  Netrc n = Netrc::parse("MACHINE a LOGIN u method interactive org acme PASSWORD p lonely\n");
  const NetrcEntry* e = n.find("a");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->login, "u");
  EXPECT_EQ(e->password, "p");
  ASSERT_EQ(e->properties.size(), 2u);
  EXPECT_EQ(e->properties[0], (std::pair<std::string, std::string>{"method", "interactive"}));
  EXPECT_EQ(e->properties[1], (std::pair<std::string, std::string>{"org", "acme"}));
}

TEST(NetrcParse, MissingValueDoesNotSwallowNextMachine) {
  Netrc n = Netrc::parse("machine a login\nmachine b password x\n");
  ASSERT_EQ(n.entries().size(), 2u);
  EXPECT_FALSE(n.find("a")->login.has_value());
  EXPECT_EQ(n.find("b")->password, "x");
}

TEST(NetrcParse, TokensBeforeFirstMachineAreIgnored) {
  Netrc n = Netrc::parse("login stray password stray\nmachine a password p\n");
  ASSERT_EQ(n.entries().size(), 1u);
  EXPECT_EQ(n.find("a")->password, "p");
}

TEST(NetrcParse, GarbageNeverCrashesAndRoundTrips) {
  std::mt19937 rng(1234);
  std::string alphabet = "machine default login password macdef account \"\\#\n\t \r\xff abc";
  alphabet += '\0';
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    int len = static_cast<int>(rng() % 200);
    for (int j = 0; j < len; ++j) text += alphabet[rng() % alphabet.size()];
    Netrc n = Netrc::parse(text);
    EXPECT_EQ(n.serialize(), text);
    Netrc again = Netrc::parse(n.serialize_canonical());
    EXPECT_EQ(again.entries(), n.entries()) << text;
  }
}

TEST(NetrcEdit, UnchangedDocumentSerializesToItsBytes) {
  std::string text = "# hi\nmachine a\n\tlogin u   password p  # x\n\nmacdef m\nbody\n\ndefault password d";
  EXPECT_EQ(Netrc::parse(text).serialize(), text);
}

TEST(NetrcEdit, SetReplacesOnlyThatMachineAndKeepsEverythingElse) {
  std::string text =
      "# personal\n"
      "machine github.com login me password ghp_x  # keep me\n"
      "machine 127.0.0.1:5000\n  login old@example.com\n  password old\n  method interactive\n"
      "machine ftp.example.org login anon password guest\n";
  Netrc n = Netrc::parse(text);
  EXPECT_TRUE(n.set("127.0.0.1:5000", "new@example.com", "lko_new"));
  EXPECT_EQ(n.serialize(),
            "# personal\n"
            "machine github.com login me password ghp_x  # keep me\n"
            "machine 127.0.0.1:5000\n  login new@example.com\n  password lko_new\n"
            "machine ftp.example.org login anon password guest\n");
}

TEST(NetrcEdit, SetAppendsNewEntryBeforeDefault) {
  Netrc n = Netrc::parse("machine a password p\ndefault login anonymous\n");
  EXPECT_TRUE(n.set("b", "u@x", "t"));
  EXPECT_EQ(n.serialize(), "machine a password p\nmachine b\n  login u@x\n  password t\ndefault login anonymous\n");
}

TEST(NetrcEdit, SetAppendsToFileWithoutTrailingNewline) {
  Netrc n = Netrc::parse("machine a password p");
  n.set("b", "u", "t");
  EXPECT_EQ(n.serialize(), "machine a password p\nmachine b\n  login u\n  password t\n");
  Netrc empty = Netrc::parse("");
  empty.set("b", "u", "t");
  EXPECT_EQ(empty.serialize(), "machine b\n  login u\n  password t\n");
}

TEST(NetrcEdit, SetAfterOpenMacroEndsTheMacroFirst) {
  Netrc n = Netrc::parse("machine a password p\nmacdef m\ncd /");
  n.set("b", "u", "t");
  Netrc reread = Netrc::parse(n.serialize());
  ASSERT_NE(reread.find("b"), nullptr);
  EXPECT_EQ(reread.find("b")->password, "t");
  EXPECT_EQ(reread.find("a")->macros[0].body, "cd /");
}

TEST(NetrcEdit, SetCollapsesDuplicatesAndIsIdempotent) {
  Netrc n = Netrc::parse("machine a password 1\nmachine x password y\nmachine A password 2\n");
  EXPECT_TRUE(n.set("a", "u", "t"));
  EXPECT_EQ(n.serialize(), "machine a\n  login u\n  password t\nmachine x password y\n");
  EXPECT_FALSE(n.set("a", "u", "t"));
}

TEST(NetrcEdit, SetQuotesValuesThatNeedIt) {
  Netrc n = Netrc::parse("");
  n.set("h", "a b", "#secret\"");
  EXPECT_EQ(n.serialize(), "machine h\n  login \"a b\"\n  password \"#secret\\\"\"\n");
  EXPECT_EQ(Netrc::parse(n.serialize()).find("h")->password, "#secret\"");
}

TEST(NetrcEdit, RemoveDeletesEveryEntryForTheMachine) {
  Netrc n = Netrc::parse("machine a password 1\n# between\nmachine b password 2\nmachine a password 3\n");
  EXPECT_TRUE(n.remove("a"));
  EXPECT_EQ(n.serialize(), "# between\nmachine b password 2\n");
  EXPECT_FALSE(n.remove("a"));
}

TEST(NetrcEdit, RemoveOnOneLineKeepsTokensApart) {
  Netrc n = Netrc::parse("machine a password 1 machine b password 2 machine c password 3");
  n.remove("b");
  Netrc reread = Netrc::parse(n.serialize());
  ASSERT_EQ(reread.entries().size(), 2u);
  EXPECT_EQ(reread.find("a")->password, "1");
  EXPECT_EQ(reread.find("c")->password, "3");
}

TEST(NetrcQuote, PlainAndQuotedTokens) {
  EXPECT_EQ(quote_netrc_token("abc"), "abc");
  EXPECT_EQ(quote_netrc_token(""), "\"\"");
  EXPECT_EQ(quote_netrc_token("login"), "\"login\"");
  EXPECT_EQ(quote_netrc_token("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(quote_netrc_token("back\\slash"), "back\\slash");
}

}  // namespace
}  // namespace latchkey::cli
