#include "auth/pkce.h"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "auth/base64url.h"
#include "core/secret.h"
#include "core/text.h"

namespace latchkey::auth {
namespace {

const EVP_MD* sha256() {
  // Fetched once: OpenSSL 3's implicit fetch costs a lock and a lookup per call.
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

bool is_base64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool valid_code_verifier(std::string_view verifier) {
  if (verifier.size() < kMinCodeVerifier || verifier.size() > kMaxCodeVerifier) return false;
  for (unsigned char c : verifier)
    if (!is_unreserved(c)) return false;
  return true;
}

bool valid_code_challenge(std::string_view challenge) {
  if (challenge.size() != kCodeChallengeLength) return false;
  for (char c : challenge)
    if (!is_base64url(c)) return false;
  // 43 characters carry 258 bits; the last character's two low bits are
  // padding and are zero in any real SHA-256 output (its value is a multiple of 4).
  return base64url_decode(challenge).has_value();
}

std::string pkce_s256(std::string_view verifier) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const EVP_MD* md = sha256();
  if (md == nullptr ||
      EVP_Digest(verifier.data(), verifier.size(), digest.data(), &length, md, nullptr) != 1) {
    // As in hash_token(): no SHA-256 means no working server.
    std::fputs("latchkey: OpenSSL SHA-256 unavailable\n", stderr);
    std::abort();
  }
  return base64url_encode(std::span<const std::uint8_t>(digest.data(), length));
}

bool pkce_matches(std::string_view verifier, std::string_view challenge) {
  if (!valid_code_verifier(verifier)) return false;
  // The lengths are public (always 43 for a stored challenge); only the bytes
  // are compared in constant time.
  return constant_time_equal(pkce_s256(verifier), challenge);
}

}  // namespace latchkey::auth
