// JWS verification (RFC 7515, ES256) on arbitrary compact strings against a
// fixed public key: never crashes, and since the fuzzer cannot forge ECDSA,
// nothing it builds verifies unless it replays the seed token's signing input
// and signature exactly (the corpus holds one valid token). Seeds: fuzz/corpus/jwt/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/jws.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// Public half of the test fixture key in tests/auth/jws_test.cc.
constexpr std::string_view kJwk =
    R"({"kty":"EC","crv":"P-256","x":"AEbes2GOezSOtQ3mddpl8qhWBOYLgbv7-_JqyXTWhkE",)"
    R"("y":"RgJ-z_aYEFAAm0hU0buXt0_vt34Fu0fLTntpy8K3nTU",)"
    R"("kid":"ATGyGFz8oSfVqBN7S_wpm_Xn8F_mPhNYRhGcJsVfacs","use":"sig","alg":"ES256"})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (const auto payload = verify_jwt(input, kJwk)) {
    check(input.size() <= kMaxJwtLength);
    check(payload->size() >= 2);
  }
  // The same bytes as a key (header {"alg":"ES256"}, payload {}, a 64-byte
  // all-zero signature, so the key is parsed): must not crash either, and an
  // all-zero signature never verifies.
  static const std::string kZeroSignatureJwt = "eyJhbGciOiJFUzI1NiJ9.e30." + std::string(86, 'A');
  check(!verify_jwt(kZeroSignatureJwt, input));
  return 0;
}
