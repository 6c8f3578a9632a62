#include "http/form.h"

#include <string>

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

TEST(Form, DecodesPairsInOrder) {
  auto form =
      Form::parse("grant_type=authorization_code&code=a%2Fb+c&redirect_uri=https%3A%2F%2Fx");
  ASSERT_TRUE(form);
  ASSERT_EQ(form->pairs().size(), 3u);
  EXPECT_EQ(form->pairs()[0].first, "grant_type");
  EXPECT_EQ(form->get("code"), "a/b c");
  EXPECT_EQ(form->get("redirect_uri"), "https://x");
  EXPECT_FALSE(form->get("missing"));
  EXPECT_TRUE(form->has("code"));
  EXPECT_FALSE(form->has("Code"));  // names are case-sensitive
}

TEST(Form, EmptyAndDegeneratePieces) {
  auto empty = Form::parse("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->pairs().empty());

  auto form = Form::parse("&&a&b=&=c&&");  // WHATWG: empty pieces skipped
  ASSERT_TRUE(form);
  ASSERT_EQ(form->pairs().size(), 3u);
  EXPECT_EQ(form->get("a"), "");
  EXPECT_EQ(form->get("b"), "");
  EXPECT_EQ(form->get(""), "c");
  EXPECT_EQ(Form::parse("a=b=c")->get("a"), "b=c");  // split at the first '='
  EXPECT_EQ(Form::parse("%2B=%2b+")->get("+"), "+ ");
}

TEST(Form, RepeatedParameters) {
  auto form = Form::parse("scope=a&state=x&scope=b");
  ASSERT_TRUE(form);
  EXPECT_TRUE(form->repeated("scope"));
  EXPECT_FALSE(form->repeated("state"));
  EXPECT_FALSE(form->repeated("missing"));
  EXPECT_EQ(form->get("scope"), "a");  // first wins
}

TEST(Form, RefusesMalformedPercentEscapes) {
  EXPECT_FALSE(Form::parse("a=%"));
  EXPECT_FALSE(Form::parse("a=%4"));
  EXPECT_FALSE(Form::parse("a=%zz"));
  EXPECT_FALSE(Form::parse("a%g1=b"));
  EXPECT_TRUE(Form::parse("a=%41%4a%4A"));
}

TEST(Form, RefusesNulAndInvalidUtf8) {
  EXPECT_FALSE(Form::parse("a=%00"));
  EXPECT_FALSE(Form::parse("a%00=b"));
  EXPECT_FALSE(Form::parse(std::string("a=b\0c", 5)));
  EXPECT_FALSE(Form::parse("a=%FF"));
  EXPECT_FALSE(Form::parse("a=%C3"));        // truncated sequence
  EXPECT_FALSE(Form::parse("a=%C0%AF"));     // overlong '/'
  EXPECT_FALSE(Form::parse("a=%ED%A0%80"));  // UTF-16 surrogate
  auto form = Form::parse("name=J%C3%BCrgen+%E2%9C%93&emoji=%F0%9F%94%91");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get("name"), "J\xC3\xBCrgen \xE2\x9C\x93");
  EXPECT_EQ(form->get("emoji"), "\xF0\x9F\x94\x91");
}

TEST(Form, PairLimit) {
  std::string body;
  for (std::size_t i = 0; i < kMaxFormPairs; ++i) body += "k" + std::to_string(i) + "=v&";
  auto at_limit = Form::parse(body);
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->pairs().size(), kMaxFormPairs);
  EXPECT_FALSE(Form::parse(body + "one=more"));
  EXPECT_TRUE(Form::parse(body + "&&&"));  // empty pieces do not count
}

TEST(Form, QueryString) {
  auto form = Form::parse("response_type=code&client_id=abc&state=%2F%3F");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->get("state"), "/?");
}

}  // namespace
}  // namespace latchkey::http
