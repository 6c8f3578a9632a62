// PKCE S256 (RFC 7636 §4.1, §4.2, §4.6 and the Appendix B example).
#include "auth/pkce.h"

#include <gtest/gtest.h>

#include <string>

namespace latchkey::auth {
namespace {

constexpr std::string_view kRfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::string_view kRfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

TEST(Pkce, Rfc7636AppendixBExample) {
  EXPECT_EQ(pkce_s256(kRfcVerifier), kRfcChallenge);
  EXPECT_TRUE(valid_code_verifier(kRfcVerifier));
  EXPECT_TRUE(valid_code_challenge(kRfcChallenge));
  EXPECT_TRUE(pkce_matches(kRfcVerifier, kRfcChallenge));
}

TEST(Pkce, VerifierLengthIs43To128) {
  EXPECT_FALSE(valid_code_verifier(""));
  EXPECT_FALSE(valid_code_verifier(std::string(42, 'a')));
  EXPECT_TRUE(valid_code_verifier(std::string(43, 'a')));
  EXPECT_TRUE(valid_code_verifier(std::string(128, 'a')));
  EXPECT_FALSE(valid_code_verifier(std::string(129, 'a')));
}

TEST(Pkce, VerifierAllowsExactlyTheUnreservedCharacters) {
  const std::string all_allowed =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_TRUE(valid_code_verifier(all_allowed));
  for (char bad : std::string("+/= %!*'()\t\n\"") + std::string(1, '\0') + "\x7f\xc3") {
    std::string verifier(43, 'a');
    verifier[20] = bad;
    EXPECT_FALSE(valid_code_verifier(verifier)) << static_cast<int>(bad);
  }
}

TEST(Pkce, ChallengeIsExactly43Base64UrlCharacters) {
  EXPECT_FALSE(valid_code_challenge(kRfcChallenge.substr(1)));
  EXPECT_FALSE(valid_code_challenge(std::string(kRfcChallenge) + "A"));
  EXPECT_FALSE(valid_code_challenge(std::string(kRfcChallenge.substr(1)) + "="));  // padding
  std::string standard_alphabet(kRfcChallenge);
  standard_alphabet[42] = '+';  // base64, not base64url
  EXPECT_FALSE(valid_code_challenge(standard_alphabet));
  // The last character of a 32-byte encoding has two zero low bits: 'A' (0)
  // is possible, 'B' (1) is not.
  std::string stray_bits(42, 'A');
  EXPECT_TRUE(valid_code_challenge(stray_bits + "A"));
  EXPECT_FALSE(valid_code_challenge(stray_bits + "B"));
}

TEST(Pkce, MismatchesAreRefused) {
  std::string other_verifier(kRfcVerifier);
  other_verifier[0] = 'e';
  EXPECT_FALSE(pkce_matches(other_verifier, kRfcChallenge));
  std::string other_challenge(kRfcChallenge);
  other_challenge[0] = 'F';
  EXPECT_FALSE(pkce_matches(kRfcVerifier, other_challenge));
  EXPECT_FALSE(pkce_matches(kRfcVerifier, ""));
  EXPECT_FALSE(pkce_matches(kRfcVerifier, kRfcChallenge.substr(0, 42)));
  // "plain" is not supported: the verifier itself is not a valid challenge match.
  EXPECT_FALSE(pkce_matches(kRfcVerifier, kRfcVerifier));
}

TEST(Pkce, InvalidVerifierNeverMatchesEvenWithItsOwnHash) {
  const std::string short_verifier(42, 'a');
  EXPECT_FALSE(pkce_matches(short_verifier, pkce_s256(short_verifier)));
  const std::string bad_char = std::string(42, 'a') + "+";
  EXPECT_FALSE(pkce_matches(bad_char, pkce_s256(bad_char)));
}

TEST(Pkce, S256OutputIsAlwaysAValidChallenge) {
  for (std::size_t n : {43u, 64u, 100u, 128u}) {
    const std::string verifier(n, '~');
    const std::string challenge = pkce_s256(verifier);
    EXPECT_EQ(challenge.size(), kCodeChallengeLength);
    EXPECT_TRUE(valid_code_challenge(challenge)) << challenge;
    EXPECT_TRUE(pkce_matches(verifier, challenge));
  }
}

}  // namespace
}  // namespace latchkey::auth
