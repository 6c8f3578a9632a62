// Browser sessions (security checklist S17–S22): the cookie is an `lks_` token
// (256 bits, checksummed) whose SHA-256 is the only thing stored. A session is
// "second_factor" after a correct password on an account with MFA (good only
// for the second-factor page, 10 minutes), then "full". Every authentication
// step issues a new cookie value (S18); idle and absolute timeouts are checked
// here, server-side, on every use (S21); `authenticated_at` dates the last
// password (+ factor) proof for sensitive actions (S22).
// Thread safety: thread-safe.
#pragma once

#include <string_view>

#include "config/config.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/session.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

inline constexpr UnixTime kSecondFactorStageSeconds = 600;

struct BrowserSession {
  model::Session session;
  model::Account account;
  Secret cookie;  // the presented (or newly issued) cookie value

  bool complete() const { return session.stage == "full"; }
};

class BrowserSessionService {
 public:
  BrowserSessionService(Deps deps, const config::Sessions& config) : deps_(deps), config_(config) {}

  // After a correct password: a full session, or a second_factor one when the
  // account has MFA on. Records "session.started" / "session.password_ok".
  Result<BrowserSession> start(const model::Account& account, const RequestInfo& info);
  // The live session behind a cookie value: kUnauthorized for garbage, an
  // unknown or ended session, a timed-out one (which is then deleted) or a
  // disabled account. Records activity for the idle timeout.
  Result<BrowserSession> resolve(std::string_view cookie);
  // After the second factor (stage -> full) or a re-authentication: a new
  // cookie value and authenticated_at = now; the old value stops working.
  Result<BrowserSession> elevate(const BrowserSession& current, const RequestInfo& info,
                                 std::string_view action);
  // True while the last password proof is within sessions.reauth_window_s.
  bool recently_authenticated(const BrowserSession& s) const;
  // Past its absolute or idle timeout: resolve() refuses (and deletes) it, so
  // lists of sessions leave it out too.
  bool timed_out(const model::Session& s) const;
  // Sign-out: the session is deleted; its cookie is refused from now on.
  Status end(const BrowserSession& s, const RequestInfo& info);

 private:
  Deps deps_;
  const config::Sessions& config_;
};

}  // namespace latchkey::service
