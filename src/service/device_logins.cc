#include "service/device_logins.h"

#include "auth/token.h"
#include "auth/user_code.h"
#include "core/json_text.h"
#include "service/audit.h"
#include "service/oauth_errors.h"

namespace latchkey::service {
namespace {

constexpr int kCreateAttempts = 5;  // user-code collisions are ~1 in 10^10; retry a few times

model::OAuthClient cli_client() {
  model::OAuthClient c;
  c.id = std::string(kCliClientId);
  c.name = "Latchkey CLI";
  c.is_public = true;
  c.grant_types = {std::string(kGrantDeviceCode)};
  c.scopes = {"global"};
  return c;
}

Error pending_error(std::string error, std::string description) {
  return oauth_error(ErrorCode::kBadRequest, std::move(error), std::move(description));
}

std::string grant_detail(const model::DeviceGrant& g) {
  return "{\"request_id\":" + json_quote(g.id) + ",\"client_id\":" + json_quote(g.client_id) +
         ",\"requester_ip\":" + json_quote(g.requester_ip) + "}";
}

}  // namespace

Result<model::OAuthClient> DeviceService::client(const std::string& id) {
  if (id == kCliClientId) return cli_client();
  return deps_.store.clients().find_by_id(id);
}

Result<model::OAuthClient> DeviceService::device_client(const ClientCredentials& credentials) {
  model::OAuthClient c;
  if (credentials.id == kCliClientId && !credentials.secret) {
    c = cli_client();
  } else {
    auto authenticated = oauth_.authenticate_client(credentials);
    if (!authenticated) return fail(authenticated.error());
    c = std::move(*authenticated);
  }
  if (!allows_grant(c, kGrantDeviceCode))
    return fail(unauthorized_client("This client may not use the device authorization grant."));
  return c;
}

Result<DeviceStart> DeviceService::start(const ClientCredentials& credentials,
                                         const std::optional<std::string>& scope,
                                         const RequestInfo& info) {
  auto client = device_client(credentials);
  if (!client) return fail(client.error());
  const model::OAuthClient& c = *client;
  std::vector<std::string> wanted = {"global"};
  if (scope) {
    auto parsed = parse_scope(*scope);
    if (!parsed) return fail(invalid_scope("The requested scope is unknown or empty."));
    wanted = std::move(*parsed);
  } else if (c.id != kCliClientId) {
    wanted = {"identity"};
  }
  if (!scope_allowed(wanted, c.scopes)) return fail(invalid_scope("This client may not ask for that scope."));
  const UnixTime now = deps_.clock.now();
  DeviceStart out;
  for (int attempt = 0;; ++attempt) {
    out.device_code = Secret(auth::generate_token(auth::TokenKind::kDeviceCode, deps_.random));
    auto& g = out.grant;
    g.id = new_uuid(deps_.random);
    g.kind = "device";
    g.secret_hash = auth::hash_token(out.device_code.reveal());
    g.user_code = auth::new_user_code(deps_.random);
    g.client_id = c.id;
    g.scope = wanted;
    g.description = c.id == kCliClientId ? "Latchkey CLI login" : c.name;
    g.requester_ip = info.ip;
    g.requester_ua = info.user_agent.substr(0, 255);
    g.created_at = now;
    g.expires_at = now + config_.tokens.device_code_ttl_s;
    g.interval_s = config_.tokens.device_poll_interval_s;
    auto ok = deps_.store.devices().create(g);
    if (ok) break;
    if (ok.error().code != ErrorCode::kConflict || attempt + 1 >= kCreateAttempts) return fail(ok.error());
  }
  (void)deps_.store.grants().purge(now - 86'400);  // housekeeping, best effort
  return out;
}

Result<DeviceStart> DeviceService::start_browser_login(std::string description, const RequestInfo& info) {
  if (description.size() > 255) description.resize(255);
  for (char& ch : description)
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
  const UnixTime now = deps_.clock.now();
  DeviceStart out;
  out.device_code = Secret(auth::generate_token(auth::TokenKind::kSession, deps_.random));
  auto& g = out.grant;
  g.id = new_uuid(deps_.random);
  g.kind = "browser";
  g.secret_hash = auth::hash_token(out.device_code.reveal());
  g.client_id = std::string(kCliClientId);
  g.scope = {"global"};
  g.description = description.empty() ? "CLI login" : description;
  g.requester_ip = info.ip;
  g.requester_ua = info.user_agent.substr(0, 255);
  g.created_at = now;
  g.expires_at = now + config_.tokens.device_code_ttl_s;
  g.interval_s = 0;
  if (auto ok = deps_.store.devices().create(g); !ok) return fail(ok.error());
  return out;
}

Status DeviceService::guess_budget(const std::string& key, int limit) {
  auto state = deps_.store.throttles().get(key);
  if (!state) return fail(state.error());
  const UnixTime now = deps_.clock.now();
  if (state->failures >= limit && now - state->last_failure_at < config_.tokens.device_code_ttl_s) {
    Error e(ErrorCode::kRateLimited, "Too many wrong codes. Please wait and start the login again.");
    e.retry_after = static_cast<int>(config_.tokens.device_code_ttl_s - (now - state->last_failure_at));
    return fail(std::move(e));
  }
  if (state->failures >= limit) return deps_.store.throttles().reset(key);  // a new lifetime began
  return {};
}

Result<model::DeviceGrant> DeviceService::lookup_user_code(std::string_view typed,
                                                           const model::Account& account,
                                                           const std::string& session_id,
                                                           const RequestInfo& info) {
  const std::string session_key = "device:session:" + session_id;
  const std::string ip_key = "device:ip:" + info.ip;
  if (auto ok = guess_budget(session_key, kUserCodeGuessesPerSession); !ok) return fail(ok.error());
  if (auto ok = guess_budget(ip_key, kUserCodeGuessesPerIp); !ok) return fail(ok.error());
  const UnixTime now = deps_.clock.now();
  auto code = auth::normalize_user_code(typed);
  Result<model::DeviceGrant> grant = fail(not_found("device_grant"));
  if (code) grant = deps_.store.devices().find_by_user_code(*code);
  if (grant && now < grant->expires_at) return grant;
  if (!grant && grant.error().code != ErrorCode::kNotFound) return grant;
  // A wrong (or expired) code: it costs a guess.
  for (const auto* key : {&session_key, &ip_key})
    if (auto r = deps_.store.throttles().record_failure(*key, now, 1'000'000); !r) return fail(r.error());
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "device.user_code_failed", info));
  return fail(not_found("device_grant", "That code is not valid. Check it and try again."));
}

Result<model::DeviceGrant> DeviceService::find_pending(const std::string& id, std::string_view kind) {
  if (id.size() != 36) return fail(not_found("device_grant"));
  auto g = deps_.store.devices().find(id);
  if (!g) return g;
  if (g->kind != kind || g->status != "pending" || deps_.clock.now() >= g->expires_at)
    return fail(not_found("device_grant", "This login request was already answered or has expired."));
  return g;
}

Status DeviceService::decide(const model::DeviceGrant& grant, bool approve, const model::Account& account,
                             const RequestInfo& info) {
  const char* action = approve ? "device.approved" : "device.denied";
  return deps_.store.devices().decide(grant.id, approve, account.id, deps_.clock.now(),
                                      audit_event(deps_, account.id, action, info, grant_detail(grant)));
}

Result<TokenGrant> DeviceService::redeem(const model::DeviceGrant& grant, const model::OAuthClient& c,
                                         const RequestInfo& info) {
  if (!grant.account_id) return fail(internal("approved device grant without account"));
  auto account = deps_.store.accounts().find_by_id(*grant.account_id);
  if (!account) return fail(account.error().code == ErrorCode::kNotFound ? invalid_grant("The account is gone.") : account.error());
  if (account->disabled) return fail(invalid_grant("The account is disabled."));
  const UnixTime now = deps_.clock.now();
  const bool cli = c.id == kCliClientId;
  TokenGrant g = oauth_.new_grant(*account, c, grant.scope, !cli && allows_grant(c, kGrantRefreshToken), info);
  std::optional<model::Session> session;
  std::optional<model::RefreshToken> refresh;
  if (cli) {
    // A CLI login: its own session, a year long, ended by `logout`.
    g.authorization.client_id.reset();
    g.authorization.description = grant.description;
    g.expires_in = config_.tokens.browser_login_ttl_s;
    g.authorization.expires_at = now + g.expires_in;
    model::Session s;
    s.id = new_uuid(deps_.random);
    s.account_id = account->id;
    s.kind = "cli";
    s.description = grant.description;
    s.created_at = s.updated_at = now;
    s.expires_at = g.authorization.expires_at;
    s.created_ip = grant.requester_ip;
    s.user_agent = grant.requester_ua;
    g.authorization.session_id = s.id;
    g.authorization.created_ip = grant.requester_ip;
    g.authorization.created_user_agent = grant.requester_ua;
    session = std::move(s);
  } else {
    if (auto ok = oauth_.attach_id_token(g, *account, "", grant.decided_at.value_or(now)); !ok)
      return fail(ok.error());
    if (g.refresh_token) refresh = oauth_.refresh_row(g, now + config_.tokens.refresh_family_ttl_s);
  }
  const auto event = audit_event(deps_, account->id, cli ? "session.cli_login" : "oauth.token_issued", info,
                                 grant_detail(grant));
  if (auto ok = deps_.store.devices().redeem(grant.secret_hash, now, g.authorization, session, refresh, event);
      !ok) {
    if (ok.error().code == ErrorCode::kGone) return fail(invalid_grant("The device code has already been used."));
    return fail(ok.error());
  }
  note(deps_.metrics, cli ? IssuedKind::kAuthorization : IssuedKind::kOAuthAccess);
  if (g.refresh_token) note(deps_.metrics, IssuedKind::kRefresh);
  return g;
}

Result<TokenGrant> DeviceService::poll(const ClientCredentials& credentials, std::string_view device_code,
                                       const RequestInfo& info) {
  auto client = device_client(credentials);
  if (!client) return fail(client.error());
  const model::OAuthClient& c = *client;
  if (auth::parse_token(device_code) != auth::TokenKind::kDeviceCode)
    return fail(invalid_grant("The device code is invalid."));
  const UnixTime now = deps_.clock.now();
  auto polled = deps_.store.devices().poll(auth::hash_token(device_code), now,
                                           config_.tokens.device_poll_interval_s);
  if (!polled) {
    if (polled.error().code == ErrorCode::kNotFound) return fail(invalid_grant("The device code is invalid."));
    return fail(polled.error());
  }
  const auto& g = polled->grant;
  if (g.client_id != c.id || g.kind != "device") return fail(invalid_grant("The device code was issued to another client."));
  if (g.status == "redeemed") return fail(invalid_grant("The device code has already been used."));
  if (now >= g.expires_at) return fail(pending_error("expired_token", "The device code has expired. Start again."));
  if (g.status == "approved") return redeem(g, c, info);
  if (g.status == "denied") return fail(pending_error("access_denied", "The user denied the request."));
  if (polled->slow_down)
    return fail(pending_error("slow_down", "Polling too fast; wait " + std::to_string(g.interval_s) +
                                               " seconds between requests."));
  return fail(pending_error("authorization_pending", "Waiting for the user to approve the request."));
}

Result<std::optional<Secret>> DeviceService::redeem_browser_login(std::string_view poll_secret,
                                                                  const RequestInfo& info) {
  if (auth::parse_token(poll_secret) != auth::TokenKind::kSession)
    return fail(Error(ErrorCode::kUnauthorized, "Invalid credentials provided."));
  auto g = deps_.store.devices().find_by_secret(auth::hash_token(poll_secret));
  if (!g) {
    if (g.error().code == ErrorCode::kNotFound)
      return fail(Error(ErrorCode::kUnauthorized, "Invalid credentials provided."));
    return fail(g.error());
  }
  if (g->kind != "browser") return fail(Error(ErrorCode::kUnauthorized, "Invalid credentials provided."));
  if (g->status == "denied") return fail(Error(ErrorCode::kForbidden, "The login was denied in the browser."));
  if (g->status == "redeemed") return fail(Error(ErrorCode::kGone, "This login was already completed."));
  if (deps_.clock.now() >= g->expires_at) return fail(Error(ErrorCode::kGone, "The login request expired. Please try again."));
  if (g->status == "pending") return std::optional<Secret>();
  auto tokens = redeem(*g, cli_client(), info);
  if (!tokens) {
    if (tokens.error().id == "invalid_grant") return fail(Error(ErrorCode::kGone, "This login was already completed."));
    return fail(tokens.error());
  }
  return std::optional<Secret>(std::move(tokens->access_token));
}

}  // namespace latchkey::service
