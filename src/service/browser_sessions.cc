#include "service/browser_sessions.h"

#include <limits>

#include "auth/token.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

Error signed_out() { return Error(ErrorCode::kUnauthorized, "Please sign in."); }

}  // namespace

Result<BrowserSession> BrowserSessionService::start(const model::Account& account,
                                                    const RequestInfo& info) {
  const UnixTime now = deps_.clock.now();
  BrowserSession out;
  out.account = account;
  out.cookie = Secret(auth::generate_token(auth::TokenKind::kSession, deps_.random));
  auto& s = out.session;
  s.id = new_uuid(deps_.random);
  s.account_id = account.id;
  s.kind = "browser";
  s.description = "Browser sign-in";
  s.created_at = s.updated_at = now;
  s.created_ip = info.ip;
  s.user_agent = info.user_agent;
  s.token_hash = auth::hash_token(out.cookie.reveal());
  s.last_seen_at = now;
  if (account.two_factor_enabled) {
    s.stage = "second_factor";
    s.expires_at = now + kSecondFactorStageSeconds;
  } else {
    s.stage = "full";
    s.authenticated_at = now;
    s.expires_at = now + config_.absolute_timeout_s;
  }
  const char* action = s.stage == "full" ? "session.started" : "session.password_ok";
  if (auto ok = deps_.store.sessions().create(s, audit_event(deps_, account.id, action, info)); !ok)
    return fail(ok.error());
  return out;
}

Result<BrowserSession> BrowserSessionService::resolve(std::string_view cookie) {
  if (auth::parse_token(cookie) != auth::TokenKind::kSession) return fail(signed_out());
  auto session = deps_.store.sessions().find_by_token_hash(auth::hash_token(cookie));
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound) return fail(signed_out());
    return fail(session.error());
  }
  const UnixTime now = deps_.clock.now();
  if (timed_out(*session)) {
    const bool expired = now >= session->expires_at.value_or(std::numeric_limits<UnixTime>::max());
    auto removed = deps_.store.sessions().remove(
        session->account_id, session->id,
        audit_event(deps_, session->account_id, expired ? "session.expired" : "session.idle_timeout", {}));
    (void)removed;  // gone either way
    return fail(signed_out());
  }
  auto account = deps_.store.accounts().find_by_id(session->account_id);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) return fail(signed_out());
    return fail(account.error());
  }
  if (account->disabled) return fail(signed_out());
  if (now > session->last_seen_at.value_or(std::numeric_limits<UnixTime>::min())) {
    (void)deps_.store.sessions().touch(session->id, now);  // best effort
    session->last_seen_at = now;
  }
  return BrowserSession{std::move(*session), std::move(*account), Secret(std::string(cookie))};
}

Result<BrowserSession> BrowserSessionService::elevate(const BrowserSession& current,
                                                      const RequestInfo& info,
                                                      std::string_view action) {
  const UnixTime now = deps_.clock.now();
  BrowserSession out{current.session, current.account,
                     Secret(auth::generate_token(auth::TokenKind::kSession, deps_.random))};
  auto& s = out.session;
  // The activity page tells a sign-in with a second factor from one without.
  const std::string detail = s.stage != "full" ? "{\"second_factor\":true}" : "{}";
  if (s.stage != "full") s.expires_at = now + config_.absolute_timeout_s;  // from full sign-in on
  s.stage = "full";
  s.token_hash = auth::hash_token(out.cookie.reveal());
  s.authenticated_at = now;
  s.last_seen_at = now;
  s.updated_at = now;
  const std::string old_hash = auth::hash_token(current.cookie.reveal());
  if (auto ok = deps_.store.sessions().rotate(old_hash, s,
                                              audit_event(deps_, s.account_id, std::string(action), info, detail));
      !ok) {
    if (ok.error().code == ErrorCode::kGone) return fail(signed_out());
    return fail(ok.error());
  }
  return out;
}

bool BrowserSessionService::timed_out(const model::Session& s) const {
  const UnixTime now = deps_.clock.now();
  const bool expired = s.expires_at && now >= *s.expires_at;
  const bool idle = s.last_seen_at && now - *s.last_seen_at >= config_.idle_timeout_s;
  return expired || idle;
}

bool BrowserSessionService::recently_authenticated(const BrowserSession& s) const {
  return s.complete() && s.session.authenticated_at &&
         deps_.clock.now() - *s.session.authenticated_at < config_.reauth_window_s;
}

Status BrowserSessionService::end(const BrowserSession& s, const RequestInfo& info) {
  auto removed = deps_.store.sessions().remove(s.account.id, s.session.id,
                                               audit_event(deps_, s.account.id, "session.ended", info));
  if (!removed && removed.error().code != ErrorCode::kNotFound) return fail(removed.error());
  return {};
}

}  // namespace latchkey::service
