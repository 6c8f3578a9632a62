#include "service/id_tokens.h"

namespace latchkey::service {
namespace {

constexpr std::string_view kSealContext = "signing-key";

}  // namespace

Status IdTokens::load() {
  std::lock_guard lock(mu_);
  return load_locked(clock_.now());
}

Status IdTokens::load_locked(UnixTime now) {
  auto keys = store_.signing_keys().list();
  if (!keys) return fail(keys.error());
  auto newest_active = [&keys]() -> const model::SigningKeyRecord* {
    for (const auto& k : *keys)
      if (!k.retired_at) return &k;
    return nullptr;
  };
  const model::SigningKeyRecord* newest = newest_active();
  if (!newest || now - newest->created_at >= kRotateAfter) {
    if (auto ok = rotate_locked(now); !ok) return ok;
    keys = store_.signing_keys().list();
    if (!keys) return fail(keys.error());
    newest = newest_active();
    if (!newest) return fail(internal("no active signing key after rotating"));
  }
  auto pem = box_.open(newest->private_sealed, kSealContext);
  if (!pem) return fail(internal("signing key " + newest->kid + " cannot be opened with this server key"));
  auto key = auth::SigningKey::from_pem(*pem);
  if (!key) return fail(key.error());
  active_ = std::make_unique<auth::SigningKey>(std::move(*key));
  active_created_at_ = newest->created_at;
  std::string jwks = "{\"keys\":[";
  bool first = true;
  for (const auto& k : *keys) {
    if (k.retired_at && now - *k.retired_at > kKeepRetired) continue;
    if (!first) jwks += ',';
    jwks += k.public_jwk;
    first = false;
  }
  jwks_ = jwks + "]}";
  loaded_at_ = now;
  return {};
}

Status IdTokens::rotate_locked(UnixTime now) {
  auto key = auth::SigningKey::generate();
  if (!key) return fail(key.error());
  model::SigningKeyRecord rec{key->kid(), box_.seal(key->private_pem(), kSealContext, random_),
                              key->public_jwk_json(), now, std::nullopt};
  if (auto ok = store_.signing_keys().add(rec); !ok) return ok;
  auto keys = store_.signing_keys().list();
  if (!keys) return fail(keys.error());
  for (const auto& k : *keys)
    if (k.kid != rec.kid && !k.retired_at)
      if (auto ok = store_.signing_keys().retire(k.kid, now); !ok) return ok;
  return store_.signing_keys().remove_retired(now - kKeepRetired);
}

Result<std::string> IdTokens::jwks_json() {
  std::lock_guard lock(mu_);
  const UnixTime now = clock_.now();
  if (loaded_at_ < 0 || now - loaded_at_ >= kReloadEvery)
    if (auto ok = load_locked(now); !ok) return fail(ok.error());
  return jwks_;
}

Result<std::string> IdTokens::sign(std::string_view payload_json) {
  std::lock_guard lock(mu_);
  const UnixTime now = clock_.now();
  if (!active_ || now - active_created_at_ >= kRotateAfter || now - loaded_at_ >= kReloadEvery)
    if (auto ok = load_locked(now); !ok) return fail(ok.error());
  return active_->sign_jwt(payload_json);
}

}  // namespace latchkey::service
