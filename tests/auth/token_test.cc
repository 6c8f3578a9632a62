#include "auth/token.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace latchkey::auth {
namespace {

// Always yields zero bytes, so uniform() always returns 0.
class ZeroRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override { std::fill(out.begin(), out.end(), 0); }
};

constexpr TokenKind kAllKinds[] = {TokenKind::kApiKey,       TokenKind::kAccess,
                                   TokenKind::kRefresh,      TokenKind::kClientSecret,
                                   TokenKind::kDeviceCode,   TokenKind::kSession,
                                   TokenKind::kAuthCode};

TEST(Crc32, StandardCheckValue) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // CRC-32/ISO-HDLC check value
  EXPECT_EQ(crc32(""), 0u);
}

TEST(Token, PinnedEncodingMatchesTheDocumentedAlgorithm) {
  // Computed independently: "lka_" + 43 × '0' + base62(zlib.crc32(43 × '0')), 6 digits.
  ZeroRandom zero;
  EXPECT_EQ(generate_token(TokenKind::kApiKey, zero),
            "lka_00000000000000000000000000000000000000000002CZclj");
  // crc32 = 0xaa866f5c of the 43 characters below.
  EXPECT_EQ(parse_token("lko_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg37cCQ0"),
            TokenKind::kAccess);
}

TEST(Token, PrefixesAreOurs) {
  EXPECT_EQ(token_prefix(TokenKind::kApiKey), "lka_");
  EXPECT_EQ(token_prefix(TokenKind::kAccess), "lko_");
  EXPECT_EQ(token_prefix(TokenKind::kRefresh), "lkr_");
  EXPECT_EQ(token_prefix(TokenKind::kClientSecret), "lkc_");
  EXPECT_EQ(token_prefix(TokenKind::kDeviceCode), "lkd_");
  EXPECT_EQ(token_prefix(TokenKind::kSession), "lks_");
  EXPECT_EQ(token_prefix(TokenKind::kAuthCode), "lkg_");
}

TEST(Token, RoundTripEveryKindAndMatchesScannerRegex) {
  SodiumRandom random;
  const std::regex scanner(R"(\blk[aorcdsg]_[0-9A-Za-z]{49}\b)");
  for (TokenKind kind : kAllKinds) {
    const std::string token = generate_token(kind, random);
    EXPECT_EQ(token.size(), kTokenLength);
    EXPECT_TRUE(token.starts_with(token_prefix(kind)));
    EXPECT_EQ(parse_token(token), kind) << token;
    EXPECT_TRUE(std::regex_search("Authorization: Bearer " + token + "\n", scanner)) << token;
  }
}

TEST(Token, TenThousandAreUniqueAndAllParse) {
  SodiumRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) {
    std::string token = generate_token(TokenKind::kAccess, random);
    ASSERT_EQ(parse_token(token), TokenKind::kAccess) << token;
    seen.insert(std::move(token));
  }
  EXPECT_EQ(seen.size(), 10'000u);
}

TEST(Token, EveryOneCharacterTypoFailsTheChecksum) {
  SodiumRandom random;
  const std::string token = generate_token(TokenKind::kApiKey, random);
  for (std::size_t i = 4; i < token.size(); ++i) {
    std::string typo = token;
    typo[i] = typo[i] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(parse_token(typo)) << "position " << i;
  }
  // Swapping two adjacent different characters is caught too.
  for (std::size_t i = 4; i + 1 < token.size(); ++i) {
    if (token[i] == token[i + 1]) continue;
    std::string swapped = token;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_FALSE(parse_token(swapped)) << "position " << i;
  }
}

TEST(Token, RejectsWrongPrefixLengthAndCharset) {
  SodiumRandom random;
  const std::string token = generate_token(TokenKind::kRefresh, random);
  EXPECT_FALSE(parse_token("lkx_" + token.substr(4)));
  EXPECT_FALSE(parse_token("LKR_" + token.substr(4)));
  EXPECT_FALSE(parse_token("HRKU-" + token.substr(4)));
  EXPECT_FALSE(parse_token(token.substr(0, token.size() - 1)));
  EXPECT_FALSE(parse_token(token + "0"));
  EXPECT_FALSE(parse_token(""));
  EXPECT_FALSE(parse_token("lkr_"));
  std::string bad = token;
  bad[10] = '-';
  EXPECT_FALSE(parse_token(bad));
  bad[10] = '\0';
  EXPECT_FALSE(parse_token(bad));
  EXPECT_FALSE(parse_token(std::string(kTokenLength, '\xff')));
}

TEST(Token, HashIsLowerHexSha256) {
  EXPECT_EQ(hash_token("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hash_token(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Token, RedactKeepsFirstEightAndLastFour) {
  EXPECT_EQ(redact_token("lka_00000000000000000000000000000000000000000002CZclj"),
            "lka_0000**********Zclj");
  // Short strings are not our tokens; head + tail would reveal most of them.
  EXPECT_EQ(redact_token("short-secret"), "**********");
  EXPECT_EQ(redact_token(""), "**********");
}

}  // namespace
}  // namespace latchkey::auth
