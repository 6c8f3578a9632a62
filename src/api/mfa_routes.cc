// /account/mfa… and /account/recovery-codes: TOTP enrolment and confirmation,
// MFA status and removal, recovery codes; plus the second-factor step-up that
// sensitive actions share (require_second_factor).
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/views.h"
#include "core/qr_code.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

json::object recovery_json(const model::RecoveryCodeSummary& s) {
  return {{"remaining", s.remaining}, {"total", s.total}, {"created_at", time_or_null(s.created_at)}};
}

json::array codes_json(const std::vector<std::string>& codes) {
  json::array out;
  for (const auto& c : codes) out.emplace_back(c);
  return out;
}

}  // namespace

std::string mfa_enrollment_hint(const Services& s, const Call& call) {
  std::string base = s.config.server.public_url;
  if (base.empty()) {
    auto host = call.request.header("host").value_or("localhost");
    base = std::string(call.request.secure ? "https://" : "http://") + std::string(host.substr(0, 255));
  }
  return "Multi-factor authentication is required on this server. Set it up with `latchkey "
         "mfa:enable`, or in the dashboard at " + base + "/dashboard/account/mfa.";
}

Status require_second_factor(Services& s, Call& call) {
  // Read afresh, not from the token cache: another instance may have enabled
  // MFA a moment ago, and sensitive actions are rare enough for one more read.
  auto account = s.store.accounts().find_by_id(call.caller().account.id);
  if (!account) return fail(account.error().code == ErrorCode::kNotFound
                                ? Error(ErrorCode::kUnauthorized, std::string(service::kInvalidCredentials))
                                : account.error());
  if (!account->two_factor_enabled) return {};
  return s.mfa.verify(*account, call.request.header("heroku-two-factor-code").value_or(""), call.info);
}

Status reauthenticate(Services& s, Call& call, std::string_view purpose) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto password = required_string(*body, "password");
  if (!password) return fail(password.error());
  if (auto ok = require_second_factor(s, call); !ok) return ok;
  if (auto ok = s.accounts.confirm_password(call.caller().account, *password, purpose, call.info); !ok)
    return ok;
  s.accounts.record_reauthentication(call.caller().account, purpose, call.info);
  return {};
}

Result<Reply> mfa_status(Services& s, Call& call) {
  auto st = s.mfa.status(call.caller().account);
  if (!st) return fail(st.error());
  return json_reply(200, {{"two_factor_authentication", st->enabled},
                          {"required", s.config.mfa.required},
                          {"totp", {{"enabled", st->enabled},
                                    {"pending", st->pending},
                                    {"confirmed_at", time_or_null(st->confirmed_at)}}},
                          {"recovery_codes", recovery_json(st->recovery_codes)}});
}

Result<Reply> mfa_totp_begin(Services& s, Call& call) {
  // Replacing an active authenticator is changing a factor: it needs a current one.
  if (auto ok = require_second_factor(s, call); !ok) return fail(ok.error());
  auto enrolment = s.mfa.begin(call.caller().account, call.info);
  if (!enrolment) return fail(enrolment.error());
  auto qr = encode_qr(enrolment->otpauth_uri.reveal());
  if (!qr) return fail(internal("qr: " + qr.error().message));
  return json_reply(201, {{"secret", enrolment->secret_base32.reveal()},
                          {"otpauth_uri", enrolment->otpauth_uri.reveal()},
                          {"qr_svg", qr_svg(*qr, "QR code for your authenticator app")},
                          {"algorithm", "SHA1"},
                          {"digits", 6},
                          {"period", 30},
                          {"expires_in", service::kEnrolmentTtlSeconds}});
}

Result<Reply> mfa_totp_confirm(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto code = required_string(*body, "code");
  if (!code) return fail(code.error());
  auto codes = s.mfa.confirm(call.caller(), *code, call.info);
  if (!codes) return fail(codes.error());
  return json_reply(200, {{"two_factor_authentication", true},
                          {"recovery_codes", codes_json(*codes)},
                          {"message", "Multi-factor authentication is enabled. Store these "
                                      "recovery codes somewhere safe: each works once, and they "
                                      "are not shown again."}});
}

// Runs on the hashing pool (the password is verified with Argon2id).
Result<Reply> mfa_totp_delete(Services& s, Call& call) {
  const auto& account = call.caller().account;
  if (auto ok = s.mfa.check_can_disable(account); !ok) return fail(ok.error());
  if (auto ok = reauthenticate(s, call, "mfa.disable"); !ok) return fail(ok.error());
  if (auto ok = s.mfa.disable(call.caller(), call.info); !ok) return fail(ok.error());
  return json_reply(200, {{"two_factor_authentication", false}});
}

Result<Reply> recovery_codes_info(Services& s, Call& call) {
  auto st = s.mfa.status(call.caller().account);
  if (!st) return fail(st.error());
  return json_reply(200, recovery_json(st->recovery_codes));
}

Result<Reply> recovery_codes_regenerate(Services& s, Call& call) {
  if (auto ok = require_second_factor(s, call); !ok) return fail(ok.error());
  auto codes = s.mfa.regenerate_recovery_codes(call.caller().account, call.info);
  if (!codes) return fail(codes.error());
  const int n = static_cast<int>(codes->size());
  return json_reply(201, {{"recovery_codes", codes_json(*codes)}, {"remaining", n}, {"total", n}});
}

}  // namespace latchkey::api
