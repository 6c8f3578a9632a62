// HMAC-SHA-256 via libsodium's crypto_auth_hmacsha256 (arbitrary key length).
#include "auth/hmac.h"

#include <sodium.h>

namespace latchkey::auth {

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  sodium_memzero(&state, sizeof state);
  return std::string(hex, crypto_auth_hmacsha256_BYTES * 2);
}

}  // namespace latchkey::auth
