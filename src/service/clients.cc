#include "service/clients.h"

#include <algorithm>

#include "auth/redirect_uri.h"
#include "auth/token.h"
#include "core/json_text.h"
#include "service/audit.h"
#include "service/oauth.h"

namespace latchkey::service {
namespace {

std::string detail_for(const model::OAuthClient& c) {
  return "{\"client_id\":" + json_quote(c.id) + ",\"name\":" + json_quote(c.name) + "}";
}

}  // namespace

Status ClientService::validate_name(const std::string& name) {
  if (name.empty() || name.size() > 255) return fail(invalid_params("name must be 1 to 255 characters."));
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return fail(invalid_params("name must not contain control characters."));
  return {};
}

Status ClientService::validate_grants(const std::vector<std::string>& grants, bool is_public) {
  static constexpr std::string_view kKnown[] = {kGrantAuthorizationCode, kGrantRefreshToken,
                                                kGrantClientCredentials, kGrantDeviceCode};
  if (grants.empty()) return fail(invalid_params("grant_types must name at least one grant."));
  for (std::size_t i = 0; i < grants.size(); ++i) {
    if (std::find(std::begin(kKnown), std::end(kKnown), grants[i]) == std::end(kKnown))
      return fail(invalid_params("Unknown grant type '" + grants[i] +
                                 "'. Supported: authorization_code, refresh_token, client_credentials, "
                                 "urn:ietf:params:oauth:grant-type:device_code."));
    if (std::count(grants.begin(), grants.end(), grants[i]) > 1)
      return fail(invalid_params("grant_types lists '" + grants[i] + "' twice."));
    if (is_public && grants[i] == kGrantClientCredentials)
      return fail(invalid_params("A public client cannot use client_credentials (it has no secret)."));
  }
  return {};
}

Status ClientService::validate_scopes(const std::vector<std::string>& scopes) {
  if (scopes.empty()) return fail(invalid_params("scopes must name at least one scope."));
  for (const auto& s : scopes)
    if (!known_oauth_scope(s)) return fail(invalid_params("Unknown scope '" + s + "'."));
  return {};
}

void ClientService::new_secret(IssuedClient& issued) {
  if (issued.client.is_public) return;
  issued.secret = Secret(auth::generate_token(auth::TokenKind::kClientSecret, deps_.random));
  issued.client.secret_hash = auth::hash_token(issued.secret.reveal());
  issued.client.secret_hint = auth::redact_token(issued.secret.reveal());
}

Result<IssuedClient> ClientService::create(const model::Account& owner, const RegisterClient& params,
                                           const RequestInfo& info) {
  if (auto ok = validate_name(params.name); !ok) return fail(ok.error());
  if (auto ok = auth::validate_redirect_uri(params.redirect_uri); !ok) return fail(ok.error());
  if (params.grant_types)
    if (auto ok = validate_grants(*params.grant_types, params.is_public); !ok) return fail(ok.error());
  if (params.scopes)
    if (auto ok = validate_scopes(*params.scopes); !ok) return fail(ok.error());
  IssuedClient issued;
  auto& c = issued.client;
  c.id = new_uuid(deps_.random);
  c.owner_id = owner.id;
  c.name = params.name;
  c.redirect_uri = params.redirect_uri;
  c.is_public = params.is_public;
  if (params.grant_types) c.grant_types = *params.grant_types;
  if (params.scopes) c.scopes = *params.scopes;
  c.created_at = c.updated_at = deps_.clock.now();
  new_secret(issued);
  if (auto ok = deps_.store.clients().create(c, audit_event(deps_, owner.id, "client.created", info, detail_for(c)));
      !ok)
    return fail(ok.error());
  return issued;
}

Result<std::vector<model::OAuthClient>> ClientService::list(const model::Account& owner) {
  return deps_.store.clients().list(owner.id);
}

Result<model::OAuthClient> ClientService::get(const model::Account& owner, const std::string& id) {
  return deps_.store.clients().find(owner.id, id);
}

Result<model::OAuthClient> ClientService::update(const model::Account& owner, const std::string& id,
                                                 const ClientChange& change, const RequestInfo& info) {
  if (change.name)
    if (auto ok = validate_name(*change.name); !ok) return fail(ok.error());
  if (change.redirect_uri)
    if (auto ok = auth::validate_redirect_uri(*change.redirect_uri); !ok) return fail(ok.error());
  if (change.scopes)
    if (auto ok = validate_scopes(*change.scopes); !ok) return fail(ok.error());
  auto c = deps_.store.clients().find(owner.id, id);
  if (!c) return c;
  if (change.grant_types)
    if (auto ok = validate_grants(*change.grant_types, c->is_public); !ok) return fail(ok.error());
  if (!change.name && !change.redirect_uri && !change.grant_types && !change.scopes) return c;
  if (change.name) c->name = *change.name;
  if (change.redirect_uri) c->redirect_uri = *change.redirect_uri;
  if (change.grant_types) c->grant_types = *change.grant_types;
  if (change.scopes) c->scopes = *change.scopes;
  c->updated_at = deps_.clock.now();
  if (auto ok = deps_.store.clients().update(*c, audit_event(deps_, owner.id, "client.updated", info, detail_for(*c)));
      !ok)
    return fail(ok.error());
  cache_.invalidate(c->id);
  return c;
}

Result<IssuedClient> ClientService::rotate(const model::Account& owner, const std::string& id,
                                           const RequestInfo& info) {
  auto c = deps_.store.clients().find(owner.id, id);
  if (!c) return fail(c.error());
  if (c->is_public)
    return fail(Error(ErrorCode::kConflict, "A public client has no secret to rotate."));
  IssuedClient issued{std::move(*c), Secret()};
  issued.client.updated_at = deps_.clock.now();
  new_secret(issued);
  const auto event = audit_event(deps_, owner.id, "client.rotated", info, detail_for(issued.client));
  if (auto ok = deps_.store.clients().update(issued.client, event); !ok) return fail(ok.error());
  cache_.invalidate(issued.client.id);
  return issued;
}

Result<model::OAuthClient> ClientService::remove(const model::Account& owner, const std::string& id,
                                                 const RequestInfo& info) {
  auto c = deps_.store.clients().find(owner.id, id);
  if (!c) return c;
  auto removed = deps_.store.clients().remove(
      owner.id, id, audit_event(deps_, owner.id, "client.deleted", info, detail_for(*c)));
  if (!removed) return fail(removed.error());
  cache_.invalidate(id);
  for (const auto& hash : removed->token_hashes) deps_.cache.invalidate(hash);
  return std::move(removed->client);
}

}  // namespace latchkey::service
