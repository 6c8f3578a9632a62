#include "auth/password.h"

#include <gtest/gtest.h>

#include <regex>

namespace latchkey::auth {
namespace {

// libsodium's minimum (8 KiB, one pass): keeps the suite fast. One test below
// runs at the real defaults.
constexpr Argon2Params kFast{.memory_kib = 8, .iterations = 1};

Secret normalized(std::string_view utf8) {
  auto s = normalize_password(utf8);
  EXPECT_TRUE(s.has_value());
  return s ? *s : Secret();
}

const std::regex& phc_regex() {
  // Security checklist S04.
  static const std::regex re(R"(^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$[A-Za-z0-9+/]{22,}\$)");
  return re;
}

TEST(PasswordHash, PhcFormatWithParametersAndSixteenByteSalt) {
  auto hash = hash_password(normalized("correct horse battery staple"), {.memory_kib = 64, .iterations = 3});
  ASSERT_TRUE(hash) << hash.error().detail;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*hash, m, phc_regex())) << *hash;
  EXPECT_EQ(m[1], "64");
  EXPECT_EQ(m[2], "3");
  // "$argon2id$v=19$m=64,t=3,p=1$<salt>$<hash>": 16-byte salt = 22 unpadded base64 chars.
  const auto salt_begin = hash->find('$', 20) + 1;
  const auto salt_end = hash->find('$', salt_begin);
  EXPECT_EQ(salt_end - salt_begin, 22u) << *hash;
}

TEST(PasswordHash, SamePasswordGivesDifferentHashes) {
  const Secret pw = normalized("correct horse battery staple");
  auto a = hash_password(pw, kFast);
  auto b = hash_password(pw, kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password(*a, pw));
  EXPECT_TRUE(verify_password(*b, pw));
}

TEST(PasswordHash, VerifyRejectsNearMisses) {
  const Secret pw = normalized("correct horse battery staple");
  auto hash = hash_password(pw, kFast);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(verify_password(*hash, normalized("correct horse battery stapl")));
  EXPECT_FALSE(verify_password(*hash, normalized("correct horse battery staple!")));
  EXPECT_FALSE(verify_password(*hash, normalized("Correct horse battery staple")));
  EXPECT_FALSE(verify_password(*hash, Secret()));
  EXPECT_FALSE(verify_password("", pw));
  EXPECT_FALSE(verify_password("not a hash", pw));
  EXPECT_FALSE(verify_password(hash->substr(0, hash->size() - 1), pw));
}

TEST(PasswordHash, RealDefaultParameters) {
  const Argon2Params defaults;
  EXPECT_EQ(defaults.memory_kib, 19456u);  // ASVS App. C: m=19 MiB, t=2, p=1
  EXPECT_EQ(defaults.iterations, 2u);
  const Secret pw = normalized("password-ferret-canyon-42");
  auto hash = hash_password(pw, defaults);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_TRUE(verify_password(*hash, pw));
  EXPECT_FALSE(needs_rehash(*hash, defaults));
}

// Security checklist §3.3: PHC strings produced by the reference libargon2
// (password "password", salt "somesalt"). libsodium accepts their 8-byte salt
// when verifying (it only generates 16-byte salts itself).
TEST(PasswordHash, ReferencePhcVectors) {
  const char* vectors[] = {
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$PL01amPyeUuxG7H0vIr5X+qHkZvWnHmGBGXFYvh8z2E",
  };
  for (const char* phc : vectors) {
    EXPECT_TRUE(verify_password(phc, Secret("password"))) << phc;
    EXPECT_FALSE(verify_password(phc, Secret("passwore"))) << phc;
  }
}

// RFC 9106 §5.3's vector (p=4, a secret and associated data) cannot be expressed
// with libsodium's Argon2 API, which we use with p=1 and neither input; the
// reference PHC vectors of security-checklist §3.3 above pin the algorithm.

TEST(PasswordHash, NeedsRehashOnlyWhenWeaker) {
  auto hash = hash_password(normalized("correct horse battery staple"), {.memory_kib = 16, .iterations = 2});
  ASSERT_TRUE(hash);
  EXPECT_FALSE(needs_rehash(*hash, {.memory_kib = 16, .iterations = 2}));
  EXPECT_TRUE(needs_rehash(*hash, {.memory_kib = 32, .iterations = 2}));   // memory raised
  EXPECT_TRUE(needs_rehash(*hash, {.memory_kib = 16, .iterations = 3}));   // passes raised
  EXPECT_FALSE(needs_rehash(*hash, {.memory_kib = 8, .iterations = 1}));   // never downgrade
  EXPECT_TRUE(needs_rehash("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$x", {}));
  EXPECT_TRUE(needs_rehash("$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$x", {}));
  EXPECT_TRUE(needs_rehash("garbage", {}));
}

TEST(PasswordHash, DummyHashIsCachedValidAndUnguessable) {
  const std::string& a = dummy_password_hash(kFast);
  const std::string& b = dummy_password_hash(kFast);
  EXPECT_EQ(&a, &b);
  EXPECT_TRUE(std::regex_search(a, phc_regex())) << a;
  EXPECT_TRUE(a.starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << a;
  EXPECT_FALSE(verify_password(a, Secret("")));
  EXPECT_FALSE(verify_password(a, Secret("password")));
  const std::string& other = dummy_password_hash({.memory_kib = 16, .iterations = 1});
  EXPECT_TRUE(other.starts_with("$argon2id$v=19$m=16,t=1,p=1$")) << other;
}

TEST(PasswordNormalize, NfkcMakesEquivalentFormsEqual) {
  // S02.3: precomposed Å and A + combining ring verify interchangeably.
  EXPECT_EQ(normalized("\u00C5ngstr\u00F6m").reveal(), normalized("A\u030Angstro\u0308m").reveal());
  // Compatibility forms fold too (the K in NFKC).
  EXPECT_EQ(normalized("\uFB01sh").reveal(), "fish");            // ligature ﬁ
  EXPECT_EQ(normalized("\uFF21\uFF22\uFF23").reveal(), "ABC");   // full-width
  EXPECT_EQ(normalized("plain ascii").reveal(), "plain ascii");
  EXPECT_EQ(normalized("").reveal(), "");

  auto hash = hash_password(normalized("\u00C5se-fjord-lantern-7"), kFast);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(verify_password(*hash, normalized("A\u030Ase-fjord-lantern-7")));
}

TEST(PasswordNormalize, RejectsInvalidUtf8) {
  for (std::string_view bad : {std::string_view("\xff\xfe"), std::string_view("abc\xc3"),
                               std::string_view("\xed\xa0\x80"),  // UTF-16 surrogate
                               std::string_view("a\0b", 3)}) {
    auto r = normalize_password(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidParams);
    EXPECT_EQ(r.error().id, "invalid_password");
  }
}

TEST(PasswordNormalize, CountsCodePoints) {
  std::string keys;
  for (int i = 0; i < 8; ++i) keys += "\U0001F511";  // 🔑
  EXPECT_EQ(keys.size(), 32u);
  EXPECT_EQ(code_points(keys), 8u);
  EXPECT_EQ(code_points(normalized(keys).reveal()), 8u);
  EXPECT_EQ(code_points("A\u030A"), 2u);
  EXPECT_EQ(code_points(normalized("A\u030A").reveal()), 1u);
  EXPECT_EQ(code_points(""), 0u);
}

}  // namespace
}  // namespace latchkey::auth
