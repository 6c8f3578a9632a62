// PKCE checks on arbitrary bytes (RFC 7636): never crash; whatever passes as
// a verifier has the §4.1 shape; a match implies a valid verifier; and every
// valid verifier matches its own S256 challenge, which is itself valid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/pkce.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr std::string_view kRfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const bool valid = valid_code_verifier(input);
  if (valid) {
    check(input.size() >= kMinCodeVerifier && input.size() <= kMaxCodeVerifier);
    const std::string challenge = pkce_s256(input);
    check(valid_code_challenge(challenge));
    check(pkce_matches(input, challenge));
  }
  if (valid_code_challenge(input)) check(input.size() == kCodeChallengeLength);
  // A verifier is never its own challenge ("plain" is not accepted).
  check(!pkce_matches(input, input));
  if (pkce_matches(input, kRfcChallenge)) check(input == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  // Split the input: the first half as verifier, the rest as challenge.
  const std::string_view verifier = input.substr(0, size / 2);
  const std::string_view challenge = input.substr(size / 2);
  if (pkce_matches(verifier, challenge)) check(valid_code_verifier(verifier) && challenge.size() == 43);
  return 0;
}
