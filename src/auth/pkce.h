// Proof Key for Code Exchange (RFC 7636) for the authorization-code grant.
// Only the S256 method is offered: "plain" sends the verifier itself through
// the front channel, which defeats the point (RFC 9700 §2.1.1 says S256).
// The authorization endpoint checks valid_code_challenge() and stores the
// challenge; the token endpoint calls pkce_matches() with the posted verifier.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace latchkey::auth {

inline constexpr std::size_t kMinCodeVerifier = 43;   // RFC 7636 §4.1
inline constexpr std::size_t kMaxCodeVerifier = 128;
inline constexpr std::size_t kCodeChallengeLength = 43;  // base64url(32 bytes), unpadded
inline constexpr std::string_view kPkceMethodS256 = "S256";

// RFC 7636 §4.1: code-verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~".
bool valid_code_verifier(std::string_view verifier);

// True if `challenge` could be an S256 output: exactly 43 base64url characters
// whose last one leaves no stray bits (so it decodes to exactly 32 bytes).
bool valid_code_challenge(std::string_view challenge);

// RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), no padding.
std::string pkce_s256(std::string_view verifier);

// RFC 7636 §4.6: the verifier is well-formed and its S256 equals `challenge`,
// compared in constant time.
bool pkce_matches(std::string_view verifier, std::string_view challenge);

}  // namespace latchkey::auth
