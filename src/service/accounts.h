// Account use cases: sign-up, sign-in by password (throttled), profile and
// password changes, and the operator's admin actions.
// Password hashing is CPU-heavy: callers run these methods on the hashing
// WorkerPool, never on an I/O thread.
// Thread safety: thread-safe.
#pragma once

#include <optional>
#include <string>

#include "auth/password.h"
#include "config/config.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "service/authorizations.h"
#include "service/sessions.h"
#include "service/deps.h"
#include "service/login_throttle.h"
#include "service/request_info.h"

namespace latchkey::service {

struct SignUp {
  std::string email;
  std::string password;
  std::string name;
};

class AccountService {
 public:
  AccountService(Deps deps, const config::Config& config, LoginThrottle& throttle,
                 AuthorizationService& authorizations, SessionService& sessions);

  // Self-service sign-up (S09): an already registered email is not an error the
  // caller can see. It yields nullopt after the same work (policy check and one
  // Argon2id hash) as a new account, creates nothing and records
  // "account.signup_duplicate" for the owner.
  Result<std::optional<model::Account>> sign_up(const SignUp& request, const RequestInfo& info);
  // Email + password → account, with throttling and no existence oracle (S06–S08).
  // Every failure is the same kUnauthorized; throttled attempts are kThrottled.
  Result<model::Account> verify_password(const std::string& email, const std::string& password,
                                         const RequestInfo& info);
  // Re-authentication for a sensitive action (`purpose` names it in the audit
  // trail): a wrong password counts toward the sign-in throttle and is
  // kForbidden; throttled attempts are kThrottled.
  Status confirm_password(const model::Account& account, const std::string& password,
                          std::string_view purpose, const RequestInfo& info);
  // Audit (S57): a complete password sign-in over the API (password and
  // second factor passed; "login.succeeded"), and a completed
  // re-authentication for `purpose` ("reauthentication.succeeded").
  void record_login(const model::Account& account, std::string_view method, const RequestInfo& info);
  void record_reauthentication(const model::Account& account, std::string_view purpose,
                               const RequestInfo& info);
  Result<model::Account> update_name(const model::Account& account, const std::string& name);
  // Needs the current password (a wrong one counts toward the throttle and is
  // kForbidden); signs out other sessions' tokens from the cache; rotates the API
  // key when configured (Heroku behaviour).
  Status change_password(const model::Account& account, const std::string& current,
                         const std::string& replacement, const RequestInfo& info);

  // Deletes the account and everything it owns; every token stops working on the
  // next request. The caller has re-authenticated (password + second factor).
  Status delete_account(const model::Account& account, const RequestInfo& info);

  // Operator actions (latchkeyd admin, bootstrap).
  Result<model::Account> create_user(const SignUp& request, bool is_admin, const RequestInfo& info);
  Result<model::Account> set_disabled(const std::string& email, bool disabled);
  Status unlock(const std::string& email);

  static std::string normalize_email(std::string_view email);
  static bool valid_email(std::string_view e);  // `e` already normalized
  // Computes the dummy hash that unknown emails are verified against, so the
  // first such sign-in costs the same as any other (call once at start-up, off
  // the I/O threads).
  void warm_up() const;
  // The password policy for a new password (NFKC, length, blocklist, context);
  // the normalised password, or kInvalidParams with the reason.
  Result<Secret> acceptable_password(const std::string& password, const std::string& email);

 private:
  auth::Argon2Params params() const;

  Deps deps_;
  const config::Config& config_;
  LoginThrottle& throttle_;
  AuthorizationService& authorizations_;
  SessionService& sessions_;
};

inline constexpr std::string_view kBadLogin = "There were problems with your login credentials. Please try again.";

}  // namespace latchkey::service
