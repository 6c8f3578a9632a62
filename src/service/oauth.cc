#include "service/oauth.h"

#include <sodium.h>

#include <algorithm>

#include "auth/pkce.h"
#include "auth/redirect_uri.h"
#include "auth/token.h"
#include "core/json_text.h"
#include "service/audit.h"
#include "service/authorizations.h"
#include "service/oauth_errors.h"

namespace latchkey::service {
namespace {

constexpr std::string_view kOidcScopes[] = {"openid", "email", "profile"};
constexpr std::size_t kMaxParam = 2048;

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

bool scope_allowed(const std::vector<std::string>& requested, const std::vector<std::string>& allowed) {
  if (contains(allowed, "global")) return true;
  return std::all_of(requested.begin(), requested.end(), [&](const std::string& s) {
    return contains(allowed, s) ||
           std::find(std::begin(kOidcScopes), std::end(kOidcScopes), s) != std::end(kOidcScopes);
  });
}

namespace {

std::string grant_detail(const model::Authorization& a) {
  return "{\"authorization_id\":" + json_quote(a.id) + ",\"client_id\":" +
         json_quote(a.client_id.value_or("")) + ",\"scope\":" + json_quote(join_scope(a.scope)) + "}";
}

bool hash_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool known_oauth_scope(std::string_view scope) {
  return std::find(std::begin(kScopes), std::end(kScopes), scope) != std::end(kScopes) ||
         std::find(std::begin(kOidcScopes), std::end(kOidcScopes), scope) != std::end(kOidcScopes);
}

std::optional<std::vector<std::string>> parse_scope(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto sp = text.find(' ');
    const auto word = text.substr(0, sp);
    if (!word.empty()) {
      if (!known_oauth_scope(word)) return std::nullopt;
      if (!contains(out, word)) out.emplace_back(word);
    }
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string join_scope(const std::vector<std::string>& scope) {
  std::string out;
  for (const auto& s : scope) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::string_view describe_scope(std::string_view s) {
  if (s == "global") return "Full access to your account, apps and their settings, including config vars";
  if (s == "identity") return "Read your email address and account details";
  if (s == "read") return "Read your apps and their releases (not config vars)";
  if (s == "write") return "Change your apps (not config vars)";
  if (s == "read-protected") return "Read your apps including their config vars (which may hold secrets)";
  if (s == "write-protected") return "Change your apps including their config vars";
  if (s == "openid") return "Confirm your identity (sign in with Latchkey)";
  if (s == "email") return "See your email address";
  if (s == "profile") return "See your name";
  return "Unknown permission";
}

bool allows_grant(const model::OAuthClient& client, std::string_view grant_type) {
  return contains(client.grant_types, grant_type);
}

Result<AuthorizeTarget> OAuthService::check_client(const AuthorizeParams& p) {
  if (!p.client_id || p.client_id->empty() || p.client_id->size() > 64)
    return fail(invalid_request("The request names no client (client_id)."));
  auto client = deps_.store.clients().find_by_id(*p.client_id);
  if (!client) {
    if (client.error().code == ErrorCode::kNotFound)
      return fail(oauth_error(ErrorCode::kBadRequest, "invalid_client", "This application is not registered here."));
    return fail(client.error());
  }
  AuthorizeTarget t{std::move(*client), {}, false};
  if (p.redirect_uri) {
    if (p.redirect_uri->size() > kMaxParam || !auth::redirect_uri_matches(t.client.redirect_uri, *p.redirect_uri))
      return fail(invalid_request("The redirect_uri does not match the one registered for this application."));
    t.redirect_uri = *p.redirect_uri;
    t.redirect_uri_given = true;
  } else {
    t.redirect_uri = t.client.redirect_uri;
  }
  return t;
}

Result<ValidAuthorize> OAuthService::check_request(AuthorizeTarget target, const AuthorizeParams& p) {
  ValidAuthorize v;
  v.target = std::move(target);
  v.state = p.state;
  if (p.state && p.state->size() > kMaxParam) return fail(invalid_request("state is too long."));
  if (!p.response_type) return fail(invalid_request("response_type is required."));
  if (*p.response_type != "code")
    return fail(oauth_error(ErrorCode::kBadRequest, "unsupported_response_type",
                            "Only the authorization code flow (response_type=code) is supported."));
  if (!allows_grant(v.target.client, kGrantAuthorizationCode))
    return fail(unauthorized_client("This application may not use the authorization code flow."));
  auto scope = parse_scope(p.scope.value_or("identity"));
  if (!scope) return fail(invalid_scope("The requested scope is unknown or empty."));
  if (!scope_allowed(*scope, v.target.client.scopes))
    return fail(invalid_scope("This application may not ask for that scope."));
  v.scope = std::move(*scope);
  if (p.code_challenge_method && *p.code_challenge_method != "S256")
    return fail(invalid_request("Only the S256 code_challenge_method is supported."));
  if (p.code_challenge) {
    if (!auth::valid_code_challenge(*p.code_challenge))
      return fail(invalid_request("code_challenge must be a base64url SHA-256 (43 characters)."));
    v.code_challenge = *p.code_challenge;
  } else if (v.target.client.is_public) {
    return fail(invalid_request("PKCE is required: send code_challenge with code_challenge_method=S256."));
  } else if (p.code_challenge_method) {
    return fail(invalid_request("code_challenge_method without code_challenge."));
  }
  if (p.nonce) {
    if (p.nonce->size() > 512) return fail(invalid_request("nonce is too long."));
    v.nonce = *p.nonce;
  }
  return v;
}

Result<bool> OAuthService::has_consent(const model::Account& account, const ValidAuthorize& r) {
  auto consent = deps_.store.grants().find_consent(account.id, r.target.client.id);
  if (!consent) {
    if (consent.error().code == ErrorCode::kNotFound) return false;
    return fail(consent.error());
  }
  return std::all_of(r.scope.begin(), r.scope.end(),
                     [&](const std::string& s) { return contains(consent->scope, s); });
}

Status OAuthService::record_consent(const model::Account& account, const ValidAuthorize& r,
                                    const RequestInfo& info) {
  model::Consent c{account.id, r.target.client.id, r.scope, deps_.clock.now()};
  const std::string detail = "{\"client_id\":" + json_quote(c.client_id) + ",\"scope\":" +
                             json_quote(join_scope(c.scope)) + "}";
  return deps_.store.grants().put_consent(c, audit_event(deps_, account.id, "oauth.consent_granted", info, detail));
}

Status OAuthService::withdraw(const model::Account& account, const std::string& client_id,
                              const RequestInfo& info) {
  const auto gone = [] { return fail(not_found("client", "You have not authorized that application.")); };
  if (client_id.empty() || client_id.size() > 64) return gone();
  const auto event = audit_event(deps_, account.id, "oauth.consent_withdrawn", info,
                                 "{\"client_id\":" + json_quote(client_id) + "}");
  auto hashes = deps_.store.grants().withdraw_consent(account.id, client_id, event);
  if (!hashes) return hashes.error().code == ErrorCode::kNotFound ? gone() : fail(hashes.error());
  for (const auto& hash : *hashes) deps_.cache.invalidate(hash);
  return {};
}

Result<Secret> OAuthService::issue_code(const model::Account& account, const ValidAuthorize& r,
                                        UnixTime auth_time, const RequestInfo& info) {
  const UnixTime now = deps_.clock.now();
  Secret code(auth::generate_token(auth::TokenKind::kAuthCode, deps_.random));
  model::AuthorizationCode c;
  c.code_hash = auth::hash_token(code.reveal());
  c.client_id = r.target.client.id;
  c.account_id = account.id;
  c.redirect_uri = r.target.redirect_uri_given ? r.target.redirect_uri : std::string();
  c.scope = r.scope;
  c.code_challenge = r.code_challenge;
  c.nonce = r.nonce;
  c.auth_time = auth_time;
  c.created_at = now;
  c.expires_at = now + config_.tokens.auth_code_ttl_s;
  if (auto ok = deps_.store.grants().put_code(c); !ok) return fail(ok.error());
  (void)info;
  return code;
}

Result<model::OAuthClient> OAuthService::authenticate_client(const ClientCredentials& cred,
                                                             std::string_view fallback_client_id) {
  std::string id = cred.id.value_or(std::string(fallback_client_id));
  auto bad = [&] {
    return fail(invalid_client("Client authentication failed: unknown client or wrong secret."));
  };
  if (id.empty() || id.size() > 64) return bad();
  auto client = find_client(id);
  if (!client) {
    if (client.error().code == ErrorCode::kNotFound) return bad();
    return fail(client.error());
  }
  if (client->is_public) {
    if (cred.secret && !cred.secret->empty()) return bad();
    return client;
  }
  if (!cred.secret || auth::parse_token(*cred.secret) != auth::TokenKind::kClientSecret) return bad();
  if (!hash_equals(auth::hash_token(*cred.secret), client->secret_hash)) return bad();
  return client;
}

TokenGrant OAuthService::new_grant(const model::Account& account, const model::OAuthClient& client,
                                   std::vector<std::string> scope, bool with_refresh,
                                   const RequestInfo& info) {
  const UnixTime now = deps_.clock.now();
  TokenGrant g;
  auto& a = g.authorization;
  a.id = new_uuid(deps_.random);
  a.account_id = account.id;
  a.description = client.name;
  a.scope = std::move(scope);
  a.client_id = client.id;
  a.created_at = a.updated_at = now;
  a.created_ip = info.ip;
  a.created_user_agent = info.user_agent.substr(0, 255);
  g.expires_in = config_.tokens.access_ttl_s;
  a.expires_at = now + g.expires_in;
  g.access_token = Secret(auth::generate_token(auth::TokenKind::kAccess, deps_.random));
  a.access_token_id = new_uuid(deps_.random);
  a.token_hash = auth::hash_token(g.access_token.reveal());
  a.token_hint = auth::redact_token(g.access_token.reveal());
  if (with_refresh) g.refresh_token = Secret(auth::generate_token(auth::TokenKind::kRefresh, deps_.random));
  return g;
}

model::RefreshToken OAuthService::refresh_row(const TokenGrant& g, UnixTime family_expires_at) const {
  model::RefreshToken r;
  // Both callers pass grants made with a refresh token (new_grant(..., true, ...)).
  r.token_hash = auth::hash_token(g.refresh_token->reveal());  // NOLINT(bugprone-unchecked-optional-access)
  r.authorization_id = g.authorization.id;
  r.account_id = g.authorization.account_id;
  r.client_id = g.authorization.client_id.value_or("");
  r.created_at = deps_.clock.now();
  r.family_expires_at = family_expires_at;
  return r;
}

Status OAuthService::attach_id_token(TokenGrant& g, const model::Account& account,
                                     std::string_view nonce, UnixTime auth_time) {
  if (!contains(g.authorization.scope, "openid")) return {};
  const UnixTime now = deps_.clock.now();
  std::string claims = "{\"iss\":" + json_quote(issuer_) + ",\"sub\":" + json_quote(account.id) +
                       ",\"aud\":" + json_quote(g.authorization.client_id.value_or("")) +
                       ",\"exp\":" + std::to_string(now + 3600) + ",\"iat\":" + std::to_string(now) +
                       ",\"auth_time\":" + std::to_string(auth_time);
  if (!nonce.empty()) claims += ",\"nonce\":" + json_quote(nonce);
  if (contains(g.authorization.scope, "email"))
    claims += ",\"email\":" + json_quote(account.email) + ",\"email_verified\":false";
  if (contains(g.authorization.scope, "profile")) claims += ",\"name\":" + json_quote(account.name);
  claims += "}";
  auto jwt = id_tokens_.sign(claims);
  if (!jwt) return fail(jwt.error());
  g.id_token = std::move(*jwt);
  return {};
}

Result<model::OAuthClient> OAuthService::find_client(const std::string& id) {
  const UnixTime now = deps_.clock.now();
  if (auto hit = clients_.get(id, now)) return std::move(*hit);
  auto client = deps_.store.clients().find_by_id(id);
  if (client) clients_.put(*client, now);
  return client;
}

Result<Principal> OAuthService::find_access(const std::string& token_hash, UnixTime now) {
  if (auto hit = deps_.cache.get(token_hash, now)) return std::move(*hit);
  auto authz = deps_.store.authorizations().find_by_token_hash(token_hash);
  if (!authz) return fail(authz.error());
  auto account = deps_.store.accounts().find_by_id(authz->account_id);
  if (!account) return fail(account.error());
  Principal p{std::move(*account), std::move(*authz)};
  deps_.cache.put(token_hash, p, now);
  return p;
}

Status OAuthService::revoke_grant(const std::string& account_id, const std::string& authorization_id,
                                  std::string_view action, const RequestInfo& info) {
  auto removed = deps_.store.authorizations().remove(
      account_id, authorization_id,
      audit_event(deps_, account_id, std::string(action), info,
                  "{\"authorization_id\":" + json_quote(authorization_id) + "}"));
  if (!removed) return removed.error().code == ErrorCode::kNotFound ? Status{} : fail(removed.error());
  deps_.cache.invalidate(removed->token_hash);
  note_revoked(deps_.metrics);
  return {};
}

Result<TokenGrant> OAuthService::exchange_code(const ClientCredentials& cred, std::string_view code,
                                               const std::optional<std::string>& redirect_uri,
                                               const std::optional<std::string>& verifier,
                                               const RequestInfo& info) {
  if (code.empty()) return fail(invalid_request("code is required."));
  if (auth::parse_token(code) != auth::TokenKind::kAuthCode) {
    if (auto client = authenticate_client(cred); !client) return fail(client.error());
    return fail(invalid_grant("The authorization code is invalid or has expired."));
  }
  const std::string code_hash = auth::hash_token(code);
  auto row = deps_.store.grants().find_code(code_hash);
  if (!row) {
    if (row.error().code != ErrorCode::kNotFound) return fail(row.error());
    // Authenticate anyway so a bad client learns nothing about codes.
    if (auto client = authenticate_client(cred); !client) return fail(client.error());
    return fail(invalid_grant("The authorization code is invalid or has expired."));
  }
  auto client = authenticate_client(cred, row->client_id);
  if (!client) return fail(client.error());
  if (!allows_grant(*client, kGrantAuthorizationCode))
    return fail(unauthorized_client("This client may not use the authorization code grant."));
  const UnixTime now = deps_.clock.now();
  if (client->id != row->client_id) return fail(invalid_grant("The authorization code was issued to another client."));
  if (row->used_at) {
    // A replay: whatever the first redemption produced is revoked (S40).
    if (const std::optional<std::string>& first = row->authorization_id; first.has_value())
      if (auto ok = revoke_grant(row->account_id, first.value(), "oauth.code_reuse_detected", info); !ok)
        return fail(ok.error());
    return fail(invalid_grant("The authorization code has already been used."));
  }
  if (now >= row->expires_at) return fail(invalid_grant("The authorization code has expired."));
  auto burn = [&](std::string why) -> Result<TokenGrant> {
    if (auto ok = deps_.store.grants().burn_code(code_hash, now); !ok && ok.error().code != ErrorCode::kGone)
      return fail(ok.error());
    return fail(invalid_grant(std::move(why)));
  };
  if (!row->redirect_uri.empty() && (!redirect_uri || *redirect_uri != row->redirect_uri))
    return burn("redirect_uri does not match the authorization request.");
  if (row->redirect_uri.empty() && redirect_uri && *redirect_uri != client->redirect_uri)
    return burn("redirect_uri does not match the authorization request.");
  if (row->code_challenge.empty()) {
    if (verifier) return burn("code_verifier sent, but the authorization request had no code_challenge.");
  } else if (!verifier || !auth::pkce_matches(*verifier, row->code_challenge)) {
    return burn("The code_verifier does not match the code_challenge.");
  }
  auto account = deps_.store.accounts().find_by_id(row->account_id);
  if (!account) return fail(account.error().code == ErrorCode::kNotFound ? invalid_grant("The account is gone.") : account.error());
  if (account->disabled) return fail(invalid_grant("The account is disabled."));
  TokenGrant g = new_grant(*account, *client, row->scope, allows_grant(*client, kGrantRefreshToken), info);
  if (auto ok = attach_id_token(g, *account, row->nonce, row->auth_time); !ok) return fail(ok.error());
  std::optional<model::RefreshToken> refresh;
  if (g.refresh_token) refresh = refresh_row(g, now + config_.tokens.refresh_family_ttl_s);
  const auto event = audit_event(deps_, account->id, "oauth.token_issued", info, grant_detail(g.authorization));
  if (auto ok = deps_.store.grants().redeem_code(code_hash, now, g.authorization, refresh, event); !ok) {
    if (ok.error().code == ErrorCode::kGone) {
      // Lost a concurrent redemption: that one counts as the first, this as a replay.
      auto again = deps_.store.grants().find_code(code_hash);
      if (again && again->authorization_id.has_value())
        (void)revoke_grant(again->account_id, again->authorization_id.value(), "oauth.code_reuse_detected", info);
      return fail(invalid_grant("The authorization code has already been used."));
    }
    return fail(ok.error());
  }
  note(deps_.metrics, IssuedKind::kOAuthAccess);
  if (g.refresh_token) note(deps_.metrics, IssuedKind::kRefresh);
  return g;
}

Result<TokenGrant> OAuthService::refresh(const ClientCredentials& cred, std::string_view token,
                                         const std::optional<std::string>& scope, const RequestInfo& info) {
  if (auth::parse_token(token) != auth::TokenKind::kRefresh) {
    if (auto client = authenticate_client(cred); !client) return fail(client.error());
    return fail(invalid_grant("The refresh token is invalid."));
  }
  const std::string hash = auth::hash_token(token);
  auto row = deps_.store.grants().find_refresh(hash);
  if (!row) {
    if (row.error().code != ErrorCode::kNotFound) return fail(row.error());
    if (auto client = authenticate_client(cred); !client) return fail(client.error());
    return fail(invalid_grant("The refresh token is invalid or was revoked."));
  }
  auto client = authenticate_client(cred, row->client_id);
  if (!client) return fail(client.error());
  if (client->id != row->client_id) return fail(invalid_grant("The refresh token was issued to another client."));
  if (!allows_grant(*client, kGrantRefreshToken))
    return fail(unauthorized_client("This client may not use refresh tokens."));
  const UnixTime now = deps_.clock.now();
  if (row->used_at) {
    // A replayed refresh token: the whole family dies (S42).
    if (auto ok = revoke_grant(row->account_id, row->authorization_id, "oauth.refresh_reuse_detected", info); !ok)
      return fail(ok.error());
    return fail(invalid_grant("The refresh token has already been used."));
  }
  if (now >= row->family_expires_at)
    return fail(invalid_grant("This grant has reached its maximum lifetime. Please authorize again."));
  auto authz = deps_.store.authorizations().find(row->account_id, row->authorization_id);
  if (!authz) return fail(authz.error().code == ErrorCode::kNotFound ? invalid_grant("The grant was revoked.") : authz.error());
  auto account = deps_.store.accounts().find_by_id(row->account_id);
  if (!account) return fail(account.error().code == ErrorCode::kNotFound ? invalid_grant("The account is gone.") : account.error());
  if (account->disabled) return fail(invalid_grant("The account is disabled."));
  std::vector<std::string> new_scope = authz->scope;
  if (scope) {
    auto narrowed = parse_scope(*scope);
    if (!narrowed || !std::all_of(narrowed->begin(), narrowed->end(),
                                  [&](const std::string& s) { return contains(authz->scope, s); }))
      return fail(invalid_scope("A refresh may only narrow the granted scope."));
    new_scope = std::move(*narrowed);
  }
  TokenGrant g = new_grant(*account, *client, new_scope, true, info);
  // Same authorization (the family), new access token; scope stays the grant's.
  g.authorization.id = authz->id;
  g.authorization.scope = authz->scope;
  g.authorization.description = authz->description;
  g.authorization.created_at = authz->created_at;
  g.authorization.created_ip = authz->created_ip;
  g.authorization.created_user_agent = authz->created_user_agent;
  const std::string old_token_hash = authz->token_hash;
  auto next = refresh_row(g, row->family_expires_at);
  const auto event = audit_event(deps_, account->id, "oauth.token_refreshed", info, grant_detail(g.authorization));
  if (auto ok = deps_.store.grants().rotate_refresh(hash, now, next, g.authorization, event); !ok) {
    if (ok.error().code == ErrorCode::kGone) {
      (void)revoke_grant(row->account_id, row->authorization_id, "oauth.refresh_reuse_detected", info);
      return fail(invalid_grant("The refresh token has already been used."));
    }
    if (ok.error().code == ErrorCode::kNotFound) return fail(invalid_grant("The grant was revoked."));
    return fail(ok.error());
  }
  deps_.cache.invalidate(old_token_hash);
  if (auto ok = attach_id_token(g, *account, "", now); !ok) return fail(ok.error());
  note(deps_.metrics, IssuedKind::kOAuthAccess);
  note(deps_.metrics, IssuedKind::kRefresh);
  return g;
}

Result<OAuthService::PendingGrant> OAuthService::prepare_client_credentials(
    const ClientCredentials& cred, const std::optional<std::string>& scope, const RequestInfo& info) {
  auto client = authenticate_client(cred);
  if (!client) return fail(client.error());
  if (client->is_public || !allows_grant(*client, kGrantClientCredentials))
    return fail(unauthorized_client("This client may not use the client_credentials grant."));
  std::vector<std::string> wanted = client->scopes;
  if (scope) {
    auto parsed = parse_scope(*scope);
    if (!parsed || !scope_allowed(*parsed, client->scopes))
      return fail(invalid_scope("The requested scope is unknown or not allowed for this client."));
    wanted = std::move(*parsed);
  }
  // The owner is checked by the write itself (enabled, in the same transaction).
  model::Account owner;
  owner.id = client->owner_id;
  PendingGrant p{new_grant(owner, *client, std::move(wanted), false, info), {}};
  p.event = audit_event(deps_, owner.id, "oauth.token_issued", info, grant_detail(p.grant.authorization));
  return p;
}

void OAuthService::client_credentials_async(const ClientCredentials& cred,
                                            const std::optional<std::string>& scope,
                                            const RequestInfo& info,
                                            std::function<void(Result<TokenGrant>)> done) {
  auto p = prepare_client_credentials(cred, scope, info);
  if (!p) return done(fail(p.error()));
  auto authorization = p->grant.authorization;
  deps_.store.grants().create_grant_async(
      std::move(authorization), std::move(p->event),
      [grant = std::move(p->grant), done = std::move(done), m = deps_.metrics](Status ok) mutable {
        if (ok) return note(m, IssuedKind::kOAuthAccess), done(std::move(grant));
        switch (ok.error().code) {
          case ErrorCode::kNotFound: return done(fail(invalid_client("The client's owner is gone.")));
          case ErrorCode::kForbidden: return done(fail(invalid_grant("The client's owner is disabled.")));
          default: return done(fail(ok.error()));
        }
      });
}

Status OAuthService::revoke(const ClientCredentials& cred, std::string_view token, const RequestInfo& info) {
  auto client = authenticate_client(cred);
  if (!client) return fail(client.error());
  const auto kind = auth::parse_token(token);
  if (kind == auth::TokenKind::kAccess) {
    auto authz = deps_.store.authorizations().find_by_token_hash(auth::hash_token(token));
    if (!authz) return authz.error().code == ErrorCode::kNotFound ? Status{} : fail(authz.error());
    if (authz->client_id != client->id) return {};
    return revoke_grant(authz->account_id, authz->id, "oauth.token_revoked", info);
  }
  if (kind == auth::TokenKind::kRefresh) {
    auto row = deps_.store.grants().find_refresh(auth::hash_token(token));
    if (!row) return row.error().code == ErrorCode::kNotFound ? Status{} : fail(row.error());
    if (row->client_id != client->id) return {};
    return revoke_grant(row->account_id, row->authorization_id, "oauth.token_revoked", info);
  }
  return {};
}

Result<Introspection> OAuthService::introspect(const ClientCredentials& cred, std::string_view token) {
  auto client = authenticate_client(cred);
  if (!client) return fail(client.error());
  Introspection out;
  const UnixTime now = deps_.clock.now();
  const auto kind = auth::parse_token(token);
  if (kind == auth::TokenKind::kAccess) {
    auto p = find_access(auth::hash_token(token), now);
    if (!p) return p.error().code == ErrorCode::kNotFound ? Result<Introspection>(out) : fail(p.error());
    const auto& a = p->authorization;
    if (a.client_id != client->id || (a.expires_at && now >= *a.expires_at) || p->account.disabled) return out;
    out.active = true;
    out.subject = p->account.id;
    out.token_type = "access_token";
    out.expires_at = a.expires_at;
    out.authorization = std::move(p->authorization);
    return out;
  } else if (kind == auth::TokenKind::kRefresh) {
    auto row = deps_.store.grants().find_refresh(auth::hash_token(token));
    if (!row) return row.error().code == ErrorCode::kNotFound ? Result<Introspection>(out) : fail(row.error());
    if (row->client_id != client->id || row->used_at || now >= row->family_expires_at) return out;
    auto authz = deps_.store.authorizations().find(row->account_id, row->authorization_id);
    if (!authz) return authz.error().code == ErrorCode::kNotFound ? Result<Introspection>(out) : fail(authz.error());
    out.token_type = "refresh_token";
    out.expires_at = row->family_expires_at;
    out.authorization = std::move(*authz);
  } else {
    return out;
  }
  auto account = deps_.store.accounts().find_by_id(out.authorization.account_id);
  if (!account) return account.error().code == ErrorCode::kNotFound ? Result<Introspection>(Introspection{}) : fail(account.error());
  if (account->disabled) return Introspection{};
  out.active = true;
  out.subject = account->id;
  return out;
}

}  // namespace latchkey::service
