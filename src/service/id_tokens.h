// ID-token signing (OIDC Core §2, security checklist S41): ES256 keys kept in
// the store (private halves sealed with the server key, so every instance
// shares them), rotated after `rotate_after` seconds; retired keys stay in the
// JWKS for `keep_retired` seconds so tokens they signed still verify.
// Thread safety: thread-safe (one mutex around the loaded keys).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jws.h"
#include "auth/secret_box.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::service {

class IdTokens {
 public:
  static constexpr UnixTime kRotateAfter = UnixTime{90} * 86'400;
  static constexpr UnixTime kKeepRetired = UnixTime{2} * 86'400;
  static constexpr UnixTime kReloadEvery = 60;  // picks up other instances' rotations

  IdTokens(store::Store& store, const auth::SecretBox& box, const Clock& clock, Random& random)
      : store_(store), box_(box), clock_(clock), random_(random) {}

  // Loads the keys, creating the first one (or a successor of an old one).
  Status load();
  // {"keys":[...]} with the active and recently retired public keys.
  Result<std::string> jwks_json();
  // A compact ES256 JWS of `payload_json` with the active key's kid.
  Result<std::string> sign(std::string_view payload_json);

 private:
  Status load_locked(UnixTime now);
  Status rotate_locked(UnixTime now);

  store::Store& store_;
  const auth::SecretBox& box_;
  const Clock& clock_;
  Random& random_;
  std::mutex mu_;
  std::unique_ptr<auth::SigningKey> active_;
  UnixTime active_created_at_ = 0;
  std::string jwks_;
  UnixTime loaded_at_ = -1;
};

}  // namespace latchkey::service
