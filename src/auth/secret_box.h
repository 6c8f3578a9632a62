// Authenticated encryption with the server key (XChaCha20-Poly1305, libsodium),
// for the few secrets the server must be able to read back: the account API key
// (revealed after re-authentication) and TOTP secrets (ARCHITECTURE.md §5);
// also the pepper of keyed hashes (recovery codes).
// The 32-byte key lives outside the database: a key file (mode 0600, created on
// first start) or the LATCHKEY_SERVER_KEY environment variable (base64).
// Thread safety: immutable after construction; seal/open are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"

namespace latchkey::auth {

class SecretBox {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  using Key = std::array<std::uint8_t, kKeyBytes>;

  explicit SecretBox(const Key& key);
  ~SecretBox();

  // Loads the key from `env_key_base64` if non-empty, else from `key_file`,
  // creating that file with a fresh random key (mode 0600) when it does not exist.
  // Fails (startup error) if the file exists with a wrong size or permissions
  // readable by group/others.
  static Result<SecretBox> load_or_create(const std::string& key_file,
                                          std::string_view env_key_base64, Random& random);

  // base64(nonce || ciphertext). `context` is bound as associated data (e.g. the
  // account id) so a box cannot be moved to another row.
  std::string seal(std::string_view plaintext, std::string_view context, Random& random) const;
  Result<std::string> open(std::string_view sealed, std::string_view context) const;

  // Lower-case hex HMAC-SHA-256 of `data` under the server key, domain-separated
  // by `purpose` (e.g. "recovery-code"): a peppered hash for short secrets whose
  // table must not be guessable from a database dump alone (ASVS 6.5.2).
  std::string keyed_hash(std::string_view purpose, std::string_view data) const;

  SecretBox(SecretBox&&) noexcept;
  SecretBox& operator=(SecretBox&&) = delete;
  SecretBox(const SecretBox&) = delete;

 private:
  Key key_;
};

}  // namespace latchkey::auth
