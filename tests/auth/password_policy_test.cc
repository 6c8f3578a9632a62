#include <gtest/gtest.h>

#include <chrono>

#include "auth/password.h"

namespace latchkey::auth {
namespace {

const PasswordPolicy kPolicy{.min_length = 12, .max_length = 1024};

Status check(std::string_view pw, const PasswordPolicy& policy = kPolicy,
             const PasswordContext& context = {}) {
  auto normalized = normalize_password(pw);
  if (!normalized) return fail(normalized.error());
  return check_password(*normalized, policy, context);
}

std::string rejection_id(std::string_view pw, const PasswordContext& context = {}) {
  auto s = check(pw, kPolicy, context);
  return s ? "ok" : s.error().id;
}

TEST(PasswordPolicy, LengthFloorInCodePoints) {
  auto s = check("xK9#mQ2", {.min_length = 8, .max_length = 1024});  // 7 chars
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidParams);
  EXPECT_EQ(s.error().id, "password_too_short");
  EXPECT_EQ(s.error().message, "Password must be at least 8 characters.");

  EXPECT_TRUE(check("zq8!Lm3#vR2@"));  // exactly 12 with min 12
  EXPECT_EQ(rejection_id("zq8!Lm3#vR2"), "password_too_short");

  // S01.4: 🔑×8 is 8 code points (32 bytes), too short for 12 however many bytes.
  std::string keys;
  for (int i = 0; i < 8; ++i) keys += "\U0001F511";
  EXPECT_EQ(rejection_id(keys), "password_too_short");
}

TEST(PasswordPolicy, CeilingIsCheapAndStated) {
  const std::string huge(5000, 'x');
  const auto start = std::chrono::steady_clock::now();
  auto s = check(huge);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "password_too_long");
  EXPECT_EQ(s.error().message, "Password must be at most 1024 characters.");
  EXPECT_LT(elapsed, std::chrono::milliseconds(50));
}

TEST(PasswordPolicy, LongPasswordsAreAccepted) {
  // S01.3: 64 and 256 characters are fine.
  std::string p64, p256;
  const std::string_view words[] = {"ferret", "canyon", "lantern", "quartz", "meadow", "violin"};
  for (int i = 0; p64.size() < 64; ++i) p64 += std::string(words[i % 6]) + char('a' + i % 26);
  for (int i = 0; p256.size() < 256; ++i) p256 += std::string(words[(i * 5) % 6]) + std::to_string(i);
  EXPECT_TRUE(check(p64.substr(0, 64)));
  EXPECT_TRUE(check(p256.substr(0, 256)));
}

TEST(PasswordPolicy, CommonPasswordsWithDigitsOrSymbolsAddedAreBlocklisted) {
  for (std::string_view pw : {"password12345678", "qwerty123456789!", "PASSWORD12345678",
                              "Password1234567!", "iloveyou12345678", "2024!!monkey2024",
                              "trustno1trustno1", "monkeymonkeymonkey", "dragon-dragon-dragon"}) {
    auto s = check(pw);
    ASSERT_FALSE(s) << pw;
    EXPECT_EQ(s.error().id, "password_blocklisted") << pw;
    EXPECT_NE(s.error().message.find("commonly used password"), std::string::npos)
        << s.error().message;
  }
  // A listed numeric entry followed by more digits.
  EXPECT_EQ(rejection_id("1234567890123456"), "password_blocklisted");
}

TEST(PasswordPolicy, WholeStringOnly) {
  // S03: containing a listed word is fine; only the whole string is compared.
  EXPECT_TRUE(check("password-ferret-canyon-42"));
  EXPECT_TRUE(check("correct horse battery staple"));  // S02.1: no composition rules
  EXPECT_TRUE(check("my dragon eats quartz lanterns"));
}

TEST(PasswordPolicy, ServiceNameIsAlwaysAContextWord) {
  for (std::string_view pw : {"latchkey123456789", "LatchKey!2024-2025", "2025latchkey2025",
                              "latchkeylatchkey"}) {
    auto s = check(pw);
    ASSERT_FALSE(s) << pw;
    EXPECT_EQ(s.error().id, "password_blocklisted") << pw;
    EXPECT_EQ(s.error().message, "This password is based on the name of this service. Choose another one.");
  }
}

TEST(PasswordPolicy, EmailLocalPartIsAContextWord) {
  const PasswordContext context{.words = {"Jonathan.Smithers"}};
  for (std::string_view pw : {"jonathan.smithers2024", "Jonathan.Smithers!!", "jonathan.smithersjonathan.smithers",
                              "smithers12345678", "2024jonathansmithers", "smitherssmitherssmithers"}) {
    auto s = check(pw, kPolicy, context);
    ASSERT_FALSE(s) << pw;
    EXPECT_EQ(s.error().id, "password_blocklisted") << pw;
    EXPECT_NE(s.error().message.find("email address"), std::string::npos) << s.error().message;
  }
  // Without the context the email rule does not fire (zxcvbn may still judge it weak).
  auto s = check("jonathan.smithers2024");
  EXPECT_TRUE(s || s.error().message.find("email address") == std::string::npos);
  // A passphrase that merely contains the name is fine.
  EXPECT_TRUE(check("smithers rides a purple canyon ferret", kPolicy, context));
}

TEST(PasswordPolicy, WeakPatternsAreRejected) {
  for (std::string_view pw : {"aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "qwertyuiopasdfgh",
                              "1qaz2wsx3edc4rfv"}) {
    auto s = check(pw);
    ASSERT_FALSE(s) << pw;
    EXPECT_TRUE(s.error().id == "password_weak" || s.error().id == "password_blocklisted")
        << pw << ": " << s.error().id;
  }
  auto s = check("abcdefghijklmnop");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().id, "password_weak");
  EXPECT_NE(s.error().message.find("too easy to guess"), std::string::npos);
}

TEST(PasswordPolicy, RandomPasswordsAndPassphrasesPass) {
  for (std::string_view pw : {"zq8!Lm3#vR2@", "Tr0ub4dor&3xyzab", "password-ferret-canyon-42",
                              "correct horse battery staple", "my dog has fleas today",
                              "\u00C5se-fjord-lantern-7", "8301937465019283"}) {
    auto s = check(pw);
    EXPECT_TRUE(s) << pw << ": " << (s ? "" : s.error().message);
  }
}

}  // namespace
}  // namespace latchkey::auth
