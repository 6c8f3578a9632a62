#include "service/mfa.h"

#include <algorithm>

#include "auth/recovery_codes.h"
#include "auth/totp.h"
#include "core/json_text.h"
#include "core/text.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

constexpr std::string_view kCodeRequired =
    "A second factor is required: enter the 6-digit code from your authenticator app, or a "
    "recovery code. (API clients send it in the Heroku-Two-Factor-Code header.)";
constexpr std::string_view kCodeWrong =
    "That two-factor code is not correct. Enter the current code from your authenticator app, "
    "or a recovery code.";
constexpr std::string_view kRecoveryCodeWrong =
    "That recovery code is not valid, or was already used: each recovery code works once.";
constexpr std::string_view kCodeReplayed =
    "That two-factor code was already used. Wait for the next code from your authenticator app.";

std::string totp_context(const std::string& account_id) { return "totp:" + account_id; }

bool six_digits(std::string_view code) {
  return code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Error no_enrolment() {
  return Error(ErrorCode::kConflict,
               "No enrolment is waiting for confirmation (none was started, it expired, or it "
               "was discarded after too many wrong codes). Start again with POST /account/mfa/totp "
               "(latchkey mfa:enable).");
}

}  // namespace

MfaService::Codes MfaService::new_recovery_codes() {
  Codes c;
  c.shown = auth::generate_recovery_codes(deps_.random);
  c.hashes.reserve(c.shown.size());
  for (const auto& code : c.shown)  // generated codes are always in normal form
    c.hashes.push_back(auth::hash_recovery_code(box_, auth::normalize_recovery_code(code).value_or(code)));
  return c;
}

Result<Secret> MfaService::open_secret(const model::Account& account,
                                       const std::string& sealed) const {
  auto opened = box_.open(sealed, totp_context(account.id));
  if (!opened) return fail(internal("totp secret of " + account.id + " does not open: " + opened.error().detail));
  return Secret(std::move(*opened));
}

Result<MfaStatus> MfaService::status(const model::Account& account) {
  MfaStatus s;
  auto factor = deps_.store.mfa().find_totp(account.id);
  if (!factor && factor.error().code != ErrorCode::kNotFound) return fail(factor.error());
  if (factor) {
    s.enabled = factor->active();
    s.pending = factor->pending() &&
                deps_.clock.now() - factor->pending_created_at < kEnrolmentTtlSeconds;
    s.confirmed_at = factor->confirmed_at;
  }
  auto codes = deps_.store.mfa().recovery_codes(account.id);
  if (!codes) return fail(codes.error());
  s.recovery_codes = *codes;
  return s;
}

Result<Enrolment> MfaService::begin(const model::Account& account, const RequestInfo& info) {
  Secret secret = auth::generate_totp_secret(deps_.random);
  const std::string sealed = box_.seal(secret.reveal(), totp_context(account.id), deps_.random);
  if (auto ok = deps_.store.mfa().put_pending(account.id, sealed, deps_.clock.now()); !ok)
    return fail(ok.error());
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "mfa.enrolment_started", info));
  return Enrolment{Secret(auth::base32_encode(secret.reveal())),
                   Secret(auth::otpauth_uri(config_.mfa.issuer, account.email, secret.reveal()))};
}

Result<std::vector<std::string>> MfaService::confirm(const Principal& caller, std::string_view code_in,
                                                     const RequestInfo& info) {
  const auto& account = caller.account;
  const std::string_view code = trim_blanks(code_in);
  if (auto ok = throttle_.check_second_factor(account.id); !ok) return fail(ok.error());
  auto factor = deps_.store.mfa().find_totp(account.id);
  if (!factor && factor.error().code == ErrorCode::kNotFound) return fail(no_enrolment());
  if (!factor) return fail(factor.error());
  const UnixTime now = deps_.clock.now();
  if (!factor->pending() || now - factor->pending_created_at >= kEnrolmentTtlSeconds)
    return fail(no_enrolment());
  auto secret = open_secret(account, factor->pending_sealed);
  if (!secret) return fail(secret.error());
  auto step = auth::verify_totp(secret->reveal(), code, now, auth::kTotpNoStepUsed);
  if (!step) {
    auto failures = deps_.store.mfa().record_pending_failure(account.id, factor->pending_sealed,
                                                             kEnrolmentAttempts);
    if (!failures && failures.error().code == ErrorCode::kNotFound) return fail(no_enrolment());
    if (!failures) return fail(failures.error());
    if (auto ok = record_failure(account, "enrolment", info); !ok) return fail(ok.error());
    if (*failures >= kEnrolmentAttempts) {
      (void)deps_.store.audit().append(audit_event(deps_, account.id, "mfa.enrolment_discarded", info));
      return fail(invalid_params("That code is not correct, and that was the last try: the "
                                 "enrolment was discarded. Start again with latchkey mfa:enable.",
                                 "invalid_code"));
    }
    return fail(invalid_params("That code is not correct. Check that the clock of the device with "
                               "the authenticator app is right, and enter the current 6-digit code.",
                               "invalid_code"));
  }
  Codes codes = new_recovery_codes();
  const auto event = audit_event(deps_, account.id, factor->active() ? "mfa.replaced" : "mfa.enabled", info,
                                 "{\"factor\":\"totp\"}");
  auto ok = deps_.store.mfa().activate(account.id, factor->pending_sealed, *step, codes.hashes, now, event);
  if (!ok && ok.error().code == ErrorCode::kConflict) return fail(no_enrolment());
  if (!ok) return fail(ok.error());
  (void)throttle_.record_second_factor_success(account.id);
  deps_.cache.invalidate_account(account.id);
  if (auto ended = sessions_.end_others(account.id, caller.authorization.session_id, "browser",
                                       "mfa.enabled", info);
      !ended)
    return fail(ended.error());
  return std::move(codes.shown);
}

Result<MfaService::CodeCheck> MfaService::check_code(const model::Account& account,
                                                     std::string_view code, const RequestInfo& info) {
  if (six_digits(code)) {
    auto factor = deps_.store.mfa().find_totp(account.id);
    if (!factor && factor.error().code == ErrorCode::kNotFound) return CodeCheck::kWrong;
    if (!factor) return fail(factor.error());
    if (!factor->active()) return CodeCheck::kWrong;
    auto secret = open_secret(account, factor->secret_sealed);
    if (!secret) return fail(secret.error());
    const UnixTime now = deps_.clock.now();
    auto step = auth::verify_totp(secret->reveal(), code, now, factor->last_used_step);
    if (!step) {
      // Valid but not newer than the last accepted step: a replay.
      const bool valid = auth::verify_totp(secret->reveal(), code, now, auth::kTotpNoStepUsed).has_value();
      return valid ? CodeCheck::kReplayed : CodeCheck::kWrong;
    }
    auto used = deps_.store.mfa().use_step(account.id, *step);
    if (used) return CodeCheck::kAccepted;
    if (used.error().code != ErrorCode::kGone) return fail(used.error());
    return CodeCheck::kReplayed;  // a concurrent request used this step first
  }
  auto normalized = auth::normalize_recovery_code(code);
  if (!normalized) return CodeCheck::kWrong;
  const auto event = audit_event(deps_, account.id, "mfa.recovery_code_used", info);
  auto used = deps_.store.mfa().use_recovery_code(
      account.id, auth::hash_recovery_code(box_, *normalized), deps_.clock.now(), event);
  if (used) return CodeCheck::kAccepted;
  if (used.error().code != ErrorCode::kGone) return fail(used.error());
  return CodeCheck::kWrongRecoveryCode;
}

Status MfaService::record_failure(const model::Account& account, std::string_view reason,
                                  const RequestInfo& info) {
  auto throttled = throttle_.record_second_factor_failure(account.id);
  if (!throttled) return fail(throttled.error());
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "mfa.failed", info,
                                               "{\"reason\":" + json_quote(reason) + "}"));
  if (*throttled)
    (void)deps_.store.audit().append(audit_event(deps_, account.id, "mfa.throttled", info));
  return {};
}

Status MfaService::verify(const model::Account& account, std::string_view code_in,
                          const RequestInfo& info) {
  if (!account.two_factor_enabled) return {};
  const std::string_view code = trim_blanks(code_in);
  if (code.empty()) return note(deps_.metrics, MfaOutcome::kMissing), fail(Error(ErrorCode::kTwoFactor, std::string(kCodeRequired)));
  if (auto ok = throttle_.check_second_factor(account.id); !ok) {
    if (ok.error().code == ErrorCode::kThrottled) note(deps_.metrics, MfaOutcome::kThrottled);
    return ok;
  }
  auto checked = check_code(account, code, info);
  if (!checked) return fail(checked.error());
  if (*checked == CodeCheck::kAccepted) return note(deps_.metrics, MfaOutcome::kAccepted), throttle_.record_second_factor_success(account.id);
  const bool replay = *checked == CodeCheck::kReplayed;
  note(deps_.metrics, replay ? MfaOutcome::kReplayed : MfaOutcome::kWrong);
  if (auto ok = record_failure(account, replay ? "replay" : "wrong_code", info); !ok) return ok;
  const std::string_view message = replay                                          ? kCodeReplayed
                                   : *checked == CodeCheck::kWrongRecoveryCode ? kRecoveryCodeWrong
                                                                                   : kCodeWrong;
  return fail(Error(ErrorCode::kTwoFactor, std::string(message)));
}

Result<std::vector<std::string>> MfaService::regenerate_recovery_codes(const model::Account& account,
                                                                      const RequestInfo& info) {
  if (!account.two_factor_enabled)
    return fail(Error(ErrorCode::kConflict,
                      "Multi-factor authentication is not enabled: recovery codes come with it "
                      "(latchkey mfa:enable)."));
  Codes codes = new_recovery_codes();
  const auto event = audit_event(deps_, account.id, "mfa.recovery_codes_regenerated", info);
  if (auto ok = deps_.store.mfa().replace_recovery_codes(account.id, codes.hashes, deps_.clock.now(), event);
      !ok)
    return fail(ok.error());
  return std::move(codes.shown);
}

Status MfaService::check_can_disable(const model::Account& account) const {
  if (config_.mfa.required)
    return fail(Error(ErrorCode::kConflict,
                      "Multi-factor authentication is required on this server and cannot be "
                      "turned off. To move to another authenticator app, run latchkey mfa:enable "
                      "again."));
  if (!account.two_factor_enabled)
    return fail(Error(ErrorCode::kConflict, "Multi-factor authentication is not enabled."));
  return {};
}

Status MfaService::disable(const Principal& caller, const RequestInfo& info) {
  if (auto ok = check_can_disable(caller.account); !ok) return ok;
  const auto event = audit_event(deps_, caller.account.id, "mfa.disabled", info);
  if (auto ok = deps_.store.mfa().remove(caller.account.id, deps_.clock.now(), event); !ok) return ok;
  deps_.cache.invalidate_account(caller.account.id);
  return sessions_.end_others(caller.account.id, caller.authorization.session_id, "browser",
                              "mfa.disabled", info);
}

Status MfaService::reset(const model::Account& account, const RequestInfo& info) {
  const auto event = audit_event(deps_, account.id, "mfa.reset_by_operator", info);
  if (auto ok = deps_.store.mfa().remove(account.id, deps_.clock.now(), event); !ok) return ok;
  (void)throttle_.record_second_factor_success(account.id);
  deps_.cache.invalidate_account(account.id);
  return sessions_.end_others(account.id, std::nullopt, "browser", "mfa.reset_by_operator", info);
}

}  // namespace latchkey::service
