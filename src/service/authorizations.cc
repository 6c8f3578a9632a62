#include "service/authorizations.h"

#include <algorithm>

#include "auth/token.h"
#include "core/json_text.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

constexpr long long kMaxExpiresIn = 10LL * 365 * 24 * 3600;  // ten years
constexpr std::size_t kMaxDescription = 255;

bool known_scope(std::string_view s) {
  return std::find(std::begin(kScopes), std::end(kScopes), s) != std::end(kScopes);
}

std::string detail_for(const model::Authorization& a) {
  return "{\"authorization_id\":" + json_quote(a.id) + ",\"description\":" +
         json_quote(a.description) + "}";
}

}  // namespace

Status AuthorizationService::validate_description(const std::string& description) {
  if (description.size() > kMaxDescription)
    return fail(invalid_params("Description must be at most 255 characters."));
  for (unsigned char c : description)
    if (c < 0x20 || c == 0x7f) return fail(invalid_params("Description must not contain control characters."));
  return {};
}

Result<Issued> AuthorizationService::new_token(const model::Account& account,
                                               model::Authorization authz) {
  const auto kind = authz.is_api_key ? auth::TokenKind::kApiKey : auth::TokenKind::kAccess;
  Secret token(auth::generate_token(kind, deps_.random));
  authz.access_token_id = new_uuid(deps_.random);
  authz.token_hash = auth::hash_token(token.reveal());
  authz.token_hint = auth::redact_token(token.reveal());
  authz.token_encrypted =
      authz.is_api_key ? box_.seal(token.reveal(), account.id, deps_.random) : std::string();
  return Issued{std::move(authz), std::move(token)};
}

Result<Issued> AuthorizationService::create(const model::Account& account,
                                            const CreateAuthorization& params,
                                            const RequestInfo& info, bool cli_session) {
  const UnixTime now = deps_.clock.now();
  model::Authorization a;
  a.id = new_uuid(deps_.random);
  a.account_id = account.id;
  a.description = params.description.value_or(std::string(kDefaultDescription));
  if (auto ok = validate_description(a.description); !ok) return fail(ok.error());
  if (params.scope) {
    if (params.scope->empty()) return fail(invalid_params("Scope must name at least one scope."));
    for (const auto& s : *params.scope) {
      if (!known_scope(s))
        return fail(invalid_params("Unknown scope '" + s +
                                   "'. Valid scopes: global, identity, read, write, "
                                   "read-protected, write-protected."));
      if (std::find(a.scope.begin(), a.scope.end(), s) == a.scope.end()) a.scope.push_back(s);
    }
  } else {
    a.scope = {"global"};
  }
  if (params.expires_in) {
    if (*params.expires_in <= 0 || *params.expires_in > kMaxExpiresIn)
      return fail(invalid_params("expires_in must be a positive number of seconds (at most ten years)."));
    a.expires_at = now + *params.expires_in;
  }
  a.created_at = a.updated_at = now;
  a.created_ip = info.ip;
  a.created_user_agent = info.user_agent.substr(0, 255);
  auto issued = new_token(account, std::move(a));
  if (!issued) return issued;
  auto& authz = issued->authorization;
  const auto event = audit_event(deps_, account.id, "authorization.created", info, detail_for(authz));
  if (cli_session) {
    model::Session s;
    s.id = new_uuid(deps_.random);
    s.account_id = account.id;
    s.kind = "cli";
    s.description = authz.description;
    s.created_at = s.updated_at = now;
    s.expires_at = authz.expires_at;
    s.created_ip = info.ip;
    s.user_agent = authz.created_user_agent;
    authz.session_id = s.id;
    if (auto ok = deps_.store.sessions().create_with_authorization(s, authz, event); !ok)
      return fail(ok.error());
  } else if (auto ok = deps_.store.authorizations().create(authz, event); !ok) {
    return fail(ok.error());
  }
  note(deps_.metrics, IssuedKind::kAuthorization);
  return issued;
}

Result<model::Authorization> AuthorizationService::ensure_api_key(const model::Account& account,
                                                                  const RequestInfo& info) {
  auto existing = deps_.store.authorizations().find_api_key(account.id);
  if (existing || existing.error().code != ErrorCode::kNotFound) return existing;
  model::Authorization a;
  a.id = new_uuid(deps_.random);
  a.account_id = account.id;
  a.description = "API Key";
  a.scope = {"global"};
  a.is_api_key = true;
  a.created_at = a.updated_at = deps_.clock.now();
  a.created_ip = info.ip;
  auto issued = new_token(account, std::move(a));
  if (!issued) return fail(issued.error());
  const auto event = audit_event(deps_, account.id, "api_key.created", info);
  auto ok = deps_.store.authorizations().create(issued->authorization, event);
  if (!ok && ok.error().code == ErrorCode::kConflict)  // created concurrently
    return deps_.store.authorizations().find_api_key(account.id);
  if (!ok) return fail(ok.error());
  return issued->authorization;
}

Result<Issued> AuthorizationService::reveal_api_key(const model::Account& account,
                                                    const RequestInfo& info) {
  auto key = ensure_api_key(account, info);
  if (!key) return fail(key.error());
  auto token = box_.open(key->token_encrypted, account.id);
  if (!token) return fail(internal("api key of " + account.id + " does not open: " + token.error().detail));
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "api_key.revealed", info));
  return Issued{std::move(*key), Secret(std::move(*token))};
}

Result<model::Authorization> AuthorizationService::resolve(const model::Account& account,
                                                           const std::string& id) {
  if (id == kApiKeyId) return ensure_api_key(account, {});
  auto a = deps_.store.authorizations().find(account.id, id);
  if (!a && a.error().code == ErrorCode::kNotFound)
    return fail(not_found("authorization", "Couldn't find that authorization."));
  return a;
}

Result<std::vector<model::Authorization>> AuthorizationService::list(const model::Account& account) {
  if (auto key = ensure_api_key(account, {}); !key) return fail(key.error());
  return deps_.store.authorizations().list(account.id);
}

Result<model::Authorization> AuthorizationService::get(const model::Account& account,
                                                       const std::string& id) {
  return resolve(account, id);
}

Result<model::Authorization> AuthorizationService::update_description(
    const model::Account& account, const std::string& id, const std::string& description,
    const RequestInfo& info) {
  if (auto ok = validate_description(description); !ok) return fail(ok.error());
  auto a = resolve(account, id);
  if (!a) return a;
  const UnixTime now = deps_.clock.now();
  if (auto ok = deps_.store.authorizations().update_description(account.id, a->id, description, now);
      !ok)
    return fail(ok.error());
  a->description = description;
  a->updated_at = now;
  return a;
}

Result<Issued> AuthorizationService::regenerate(const model::Account& account,
                                                const std::string& id, const RequestInfo& info) {
  auto a = resolve(account, id);
  if (!a) return fail(a.error());
  const std::string old_hash = a->token_hash;
  const UnixTime now = deps_.clock.now();
  // A rotated token keeps the authorization's original lifetime length.
  const UnixTime created = a->created_at;
  a->expires_at = a->expires_at.transform([&](UnixTime e) { return now + (e - created); });
  a->updated_at = now;
  auto issued = new_token(account, std::move(*a));
  if (!issued) return issued;
  const auto event = audit_event(deps_, account.id,
                                 issued->authorization.is_api_key ? "api_key.regenerated"
                                                                  : "authorization.rotated",
                                 info, detail_for(issued->authorization));
  if (auto ok = deps_.store.authorizations().replace_token(issued->authorization, event); !ok)
    return fail(ok.error());
  deps_.cache.invalidate(old_hash);
  note(deps_.metrics, IssuedKind::kRegenerated);
  return issued;
}

Result<model::Authorization> AuthorizationService::revoke(const model::Account& account,
                                                          const std::string& id,
                                                          const RequestInfo& info) {
  auto a = resolve(account, id);
  if (!a) return a;
  if (a->is_api_key)
    return fail(Error(ErrorCode::kForbidden,
                      "The API key cannot be revoked. Regenerate it instead "
                      "(POST /oauth/authorizations/~/actions/regenerate-tokens)."));
  auto event = audit_event(deps_, account.id, "authorization.revoked", info, detail_for(*a));
  if (const std::optional<std::string>& session_id = a->session_id; session_id.has_value()) {
    // A login's authorization is the session: revoking it ends the session too
    // (in one transaction), so no orphaned session stays listed.
    auto ended = deps_.store.sessions().remove(account.id, session_id.value(), event);
    if (!ended) {
      if (ended.error().code == ErrorCode::kNotFound)
        return fail(not_found("authorization", "Couldn't find that authorization."));
      return fail(ended.error());
    }
    for (const auto& hash : ended->token_hashes) deps_.cache.invalidate(hash);
    note_revoked(deps_.metrics);
    return a;
  }
  auto removed = deps_.store.authorizations().remove(account.id, a->id, event);
  if (!removed) {
    if (removed.error().code == ErrorCode::kNotFound)
      return fail(not_found("authorization", "Couldn't find that authorization."));
    return removed;
  }
  deps_.cache.invalidate(removed->token_hash);
  note_revoked(deps_.metrics);
  return removed;
}

}  // namespace latchkey::service
