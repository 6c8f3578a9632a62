#include "auth/recovery_codes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "auth/token.h"

namespace latchkey::auth {
namespace {

// Each 4-byte read is the next little-endian counter value, so successive
// uniform(32) draws are 0, 1, 2, ... (mod 32).
class SequenceRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      b = static_cast<std::uint8_t>(counter_ >> (8 * (byte_ % 4)));
      if (++byte_ % 4 == 0) ++counter_;
    }
  }

 private:
  std::uint32_t counter_ = 0;
  std::size_t byte_ = 0;
};

const std::regex kDisplayForm("^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$");

TEST(RecoveryCodes, EntropyIsAtLeastSixtyFourBits) {
  static_assert(kRecoveryCodeSymbols * 5 >= 64);  // 32-symbol alphabet: 5 bits each
  EXPECT_EQ(kRecoveryCodeSymbols * 5, 80u);
}

TEST(RecoveryCodes, PinnedSequenceShowsTheAlphabetInOrder) {
  SequenceRandom sequence;
  EXPECT_EQ(generate_recovery_codes(sequence, 2),
            (std::vector<std::string>{"0123-4567-89ab-cdef", "ghjk-mnpq-rstv-wxyz"}));
}

TEST(RecoveryCodes, DefaultsToTenCodesInDisplayForm) {
  SodiumRandom random;
  const auto codes = generate_recovery_codes(random);
  ASSERT_EQ(codes.size(), 10u);
  for (const auto& code : codes) {
    EXPECT_EQ(code.size(), kRecoveryCodeDisplayLength);
    EXPECT_TRUE(std::regex_match(code, kDisplayForm)) << code;
  }
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
}

TEST(RecoveryCodes, HonoursTheCount) {
  SodiumRandom random;
  EXPECT_TRUE(generate_recovery_codes(random, 0).empty());
  EXPECT_EQ(generate_recovery_codes(random, 1).size(), 1u);
  EXPECT_EQ(generate_recovery_codes(random, 50).size(), 50u);
}

TEST(RecoveryCodes, TwentyThousandOverManyGenerationsAreUnique) {
  SodiumRandom random;
  std::set<std::string> seen;
  std::set<char> symbols;
  for (int generation = 0; generation < 2'000; ++generation) {
    for (auto& code : generate_recovery_codes(random)) {
      ASSERT_TRUE(std::regex_match(code, kDisplayForm)) << code;
      symbols.insert(code.begin(), code.end());
      seen.insert(std::move(code));
    }
  }
  EXPECT_EQ(seen.size(), 20'000u);
  EXPECT_EQ(symbols.size(), 33u);  // all 32 symbols and '-'
}

TEST(RecoveryCodes, NormalizationIgnoresCaseSpacesAndDashes) {
  const std::string canonical = "0123456789abcdef";
  for (std::string_view typed :
       {"0123-4567-89ab-cdef", "0123456789ABCDEF", "0123 4567 89AB CDEF", " 0123-4567\t89aB-cDeF ",
        "01-23-45-67-89-ab-cd-ef", "0123--4567--89ab--cdef", "0123-4567-89ab-cdef\r\n"}) {
    EXPECT_EQ(normalize_recovery_code(typed), canonical) << typed;
  }
}

TEST(RecoveryCodes, NormalizationMapsLookAlikes) {
  EXPECT_EQ(normalize_recovery_code("o1iL-OIlI-0000-1111"), "0111011100001111");
}

TEST(RecoveryCodes, NormalizationRejectsNonCodes) {
  for (std::string_view bad :
       {"", "----", "0123-4567-89ab-cde", "0123-4567-89ab-cdef0", "0123-4567-89ab-cdeu",
        "0123-4567-89ab-cde!", "0123-4567-89ab-cde\xC3\xA9", "0123_4567_89ab_cdef"}) {
    EXPECT_EQ(normalize_recovery_code(bad), std::nullopt) << bad;
  }
  // Input is bounded: a valid code buried in 64+ bytes of separators is refused.
  EXPECT_EQ(normalize_recovery_code(std::string(60, '-') + "0123456789abcdef"), std::nullopt);
}

TEST(RecoveryCodes, GeneratedCodesNormalizeInEveryTypedForm) {
  SodiumRandom random;
  for (const auto& code : generate_recovery_codes(random)) {
    const auto canonical = normalize_recovery_code(code);
    ASSERT_TRUE(canonical) << code;
    EXPECT_EQ(canonical->size(), kRecoveryCodeSymbols);
    std::string upper = code;
    std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return std::toupper(c); });
    std::string bare = code;
    std::erase(bare, '-');
    EXPECT_EQ(normalize_recovery_code(upper), canonical);
    EXPECT_EQ(normalize_recovery_code(bare), canonical);
  }
}

SecretBox test_box(std::uint8_t fill) {
  SecretBox::Key key;
  key.fill(fill);
  return SecretBox(key);
}

TEST(RecoveryCodes, HashIsHmacSha256UnderTheServerKey) {
  // python3 -c "import hmac,hashlib; print(hmac.new(b'\x07'*32, b'recovery-code\0abcdefghjkmnpqrs', hashlib.sha256).hexdigest())"
  const SecretBox box = test_box(7);
  EXPECT_EQ(hash_recovery_code(box, "abcdefghjkmnpqrs"),
            "9ed6dd7f0048ca67129e3ad11fef9717a747f2280f39e6de9a570ac0c6c205db");
  EXPECT_NE(hash_recovery_code(box, "abcdefghjkmnpqrs"), hash_token("abcdefghjkmnpqrs"))
      << "a dump alone must not allow guessing: the hash needs the key";
  EXPECT_NE(hash_recovery_code(box, "abcdefghjkmnpqrs"), hash_recovery_code(box, "abcdefghjkmnpqrt"));
  EXPECT_NE(hash_recovery_code(box, "abcdefghjkmnpqrs"),
            hash_recovery_code(test_box(8), "abcdefghjkmnpqrs"));
  EXPECT_NE(hash_recovery_code(box, "abcdefghjkmnpqrs"), box.keyed_hash("other", "abcdefghjkmnpqrs"));
}

TEST(RecoveryCodes, EveryTypedFormHashesAlike) {
  const SecretBox box = test_box(7);
  const auto a = normalize_recovery_code("ABCD-EFGH-JKMN-PQRS");
  const auto b = normalize_recovery_code("abcd efgh jkmn pqrs");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(hash_recovery_code(box, *a), hash_recovery_code(box, *b));
}

}  // namespace
}  // namespace latchkey::auth
