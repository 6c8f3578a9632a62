// Multi-factor authentication use cases (security checklist S11–S16): TOTP
// enrolment with a proof code, the one second-factor check every flow uses
// (TOTP or recovery code), recovery-code regeneration, and removal.
//
// Rules kept here, not in callers:
//  - A TOTP step is accepted once per account, newer than the last accepted one,
//    within [T-1, T]; the last step lives in the store, so replays are refused
//    by every instance (S13). Recovery codes are single-use (S15).
//  - Wrong codes count per account across all flows (LoginThrottle's second-
//    factor count, S14); a pending enrolment is discarded after
//    kEnrolmentAttempts wrong proof codes.
//  - Secrets are sealed with the server key; recovery codes are stored as
//    keyed hashes and returned once.
// Sensitive actions ask for the second factor in the caller (api/step_up).
// Thread safety: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_box.h"
#include "config/config.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/mfa.h"
#include "service/deps.h"
#include "service/login_throttle.h"
#include "service/principal.h"
#include "service/request_info.h"
#include "service/sessions.h"

namespace latchkey::service {

inline constexpr int kEnrolmentAttempts = 5;          // wrong proof codes per enrolment
inline constexpr UnixTime kEnrolmentTtlSeconds = 900;  // a pending secret must be confirmed within

struct Enrolment {
  Secret secret_base32;
  Secret otpauth_uri;  // carries the secret too
};

struct MfaStatus {
  bool enabled = false;
  bool pending = false;
  std::optional<UnixTime> confirmed_at;
  model::RecoveryCodeSummary recovery_codes;
};

class MfaService {
 public:
  MfaService(Deps deps, const config::Config& config, const auth::SecretBox& box,
             LoginThrottle& throttle, SessionService& sessions)
      : deps_(deps), config_(config), box_(box), throttle_(throttle), sessions_(sessions) {}

  Result<MfaStatus> status(const model::Account& account);
  // Starts (or restarts) an enrolment with a fresh 160-bit secret. Login is
  // unchanged until confirm(). When a factor is active the caller must have
  // checked a current second factor (replacing the authenticator).
  Result<Enrolment> begin(const model::Account& account, const RequestInfo& info);
  // Activates the pending secret if `code` is its current code: returns the
  // new recovery codes (shown once), ends the caller's other browser sessions.
  // Wrong code: kInvalidParams "invalid_code"; nothing pending: kConflict.
  Result<std::vector<std::string>> confirm(const Principal& caller, std::string_view code,
                                           const RequestInfo& info);
  // The second-factor check of every flow. No-op for an account without MFA.
  // Missing, wrong or replayed code: kTwoFactor (403 two_factor, what the
  // Heroku CLI answers with a prompt); throttled: kThrottled.
  Status verify(const model::Account& account, std::string_view code, const RequestInfo& info);
  // Replaces every recovery code (the old ones stop working at once).
  Result<std::vector<std::string>> regenerate_recovery_codes(const model::Account& account,
                                                             const RequestInfo& info);
  // kConflict while mfa.required (the last factor cannot go) or when no factor
  // is active. The caller has re-authenticated (password + second factor).
  Status check_can_disable(const model::Account& account) const;
  Status disable(const Principal& caller, const RequestInfo& info);
  // Operator action (latchkeyd admin reset-mfa) for a user who lost both the
  // authenticator and the recovery codes: removes the factor whatever
  // mfa.required says, ends the account's browser sessions; audited.
  Status reset(const model::Account& account, const RequestInfo& info);

 private:
  struct Codes {
    std::vector<std::string> shown;
    std::vector<std::string> hashes;
  };
  Codes new_recovery_codes();
  Result<Secret> open_secret(const model::Account& account, const std::string& sealed) const;
  enum class CodeCheck { kAccepted, kWrong, kReplayed, kWrongRecoveryCode };
  // Consumes the step or recovery code when it is good.
  Result<CodeCheck> check_code(const model::Account& account, std::string_view code,
                               const RequestInfo& info);
  Status record_failure(const model::Account& account, std::string_view reason,
                        const RequestInfo& info);

  Deps deps_;
  const config::Config& config_;
  const auth::SecretBox& box_;
  LoginThrottle& throttle_;
  SessionService& sessions_;
};

}  // namespace latchkey::service
