// Device-flow user codes (RFC 8628 §6.1).
#include "auth/user_code.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace latchkey::auth {
namespace {

// Yields the bytes 0, 1, 2, ... so uniform(20) walks the alphabet in order.
class CountingRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = 0;
    out[0] = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

TEST(UserCode, PinnedRandomGivesThePinnedCode) {
  CountingRandom counting;
  EXPECT_EQ(new_user_code(counting), "BCDFGHJK");
  EXPECT_EQ(new_user_code(counting), "LMNPQRST");
}

TEST(UserCode, FreshCodesAreNormalisedAndReadBackAsThemselves) {
  SodiumRandom random;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = new_user_code(random);
    ASSERT_EQ(code.size(), kUserCodeLength);
    EXPECT_EQ(normalize_user_code(code), code);
    EXPECT_EQ(normalize_user_code(format_user_code(code)), code);
  }
}

TEST(UserCode, EveryAlphabetCharacterAppearsAndNothingElse) {
  SodiumRandom random;
  std::map<char, int> counts;
  constexpr int kCodes = 2000;  // 16,000 characters, 800 expected per letter
  for (int i = 0; i < kCodes; ++i)
    for (char c : new_user_code(random)) ++counts[c];
  ASSERT_EQ(counts.size(), kUserCodeAlphabet.size());
  for (auto [c, n] : counts) {
    EXPECT_NE(kUserCodeAlphabet.find(c), std::string_view::npos) << c;
    EXPECT_GT(n, 600) << c;  // > 7 standard deviations below the mean
    EXPECT_LT(n, 1000) << c;
  }
}

TEST(UserCode, TypingIsForgiving) {
  // RFC 8628 §6.1's own example code.
  const std::optional<std::string> expected = "WDJBMJHT";
  EXPECT_EQ(normalize_user_code("WDJBMJHT"), expected);
  EXPECT_EQ(normalize_user_code("WDJB-MJHT"), expected);
  EXPECT_EQ(normalize_user_code("wdjb mjht"), expected);
  EXPECT_EQ(normalize_user_code("wDjB-mJhT"), expected);
  EXPECT_EQ(normalize_user_code("  wdjb\t-\tmjht\r\n"), expected);
  EXPECT_EQ(normalize_user_code("W-D-J-B-M-J-H-T"), expected);
}

TEST(UserCode, ForeignCharactersAndWrongLengthsAreRefused) {
  // Vowels (Y included: "WXYZ-BCDF" is not a code) and digits are not in the alphabet.
  for (const char* bad : {"", "WDJBMJH", "WDJBMJHTX", "WDJB-MJHT-X", "ADJBMJHT", "WDJBMJHE",
                          "WDJBMJHI", "WDJBMJHO", "WDJBMJHU", "WDJBMJHY", "WDJBMJH0", "WDJBMJH1",
                          "wxyz bcdf", "12345678", "WDJB_MJHT", "WDJB.MJHT", "--------",
                          "WDJB\xc2\xa0MJHT"}) {
    EXPECT_EQ(normalize_user_code(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(normalize_user_code(std::string("WDJB\0MJHT", 9)), std::nullopt);
}

TEST(UserCode, InputLengthIsBounded) {
  // 64 bytes of which only 8 count is still fine; 65 is refused unread.
  EXPECT_EQ(normalize_user_code(std::string(56, ' ') + "WDJBMJHT"), "WDJBMJHT");
  EXPECT_EQ(normalize_user_code(std::string(57, ' ') + "WDJBMJHT"), std::nullopt);
}

TEST(UserCode, DisplayFormHasOneDash) {
  EXPECT_EQ(format_user_code("BCDFGHJK"), "BCDF-GHJK");
  EXPECT_EQ(format_user_code("BCD"), "BCD");  // not a code: unchanged
}

}  // namespace
}  // namespace latchkey::auth
