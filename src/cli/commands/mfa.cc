// mfa (mfa:status, 2fa), mfa:enable, mfa:disable, mfa:recovery-codes: the
// account's authenticator app (TOTP, RFC 6238) and its recovery codes.
// Enrolment is two requests: POST /account/mfa/totp returns a new secret,
// which only takes effect once POST /account/mfa/totp/confirm proves the app
// produces its codes. Replacing or removing the authenticator and new
// recovery codes need the current second factor (second_factor.h).
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/commands/second_factor.h"
#include "cli/otpauth.h"
#include "cli/output.h"
#include "core/qr_code.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kMfaPath = "/account/mfa";
constexpr std::string_view kTotpPath = "/account/mfa/totp";
constexpr std::string_view kConfirmPath = "/account/mfa/totp/confirm";
constexpr std::string_view kRecoveryCodesPath = "/account/recovery-codes";

constexpr std::string_view kCodePrompt = "Code from your authenticator app: ";
constexpr int kConfirmAttempts = 3;  // the server discards an enrolment after 5 wrong codes
constexpr std::int64_t kFewRecoveryCodes = 2;

constexpr std::string_view kEnabled = "Multi-factor authentication is enabled.\n";
constexpr std::string_view kNotEnabled = "Multi-factor authentication is not enabled.\n";
constexpr std::string_view kDisabled = "Multi-factor authentication is disabled.\n";

bool json_true(const json::value& v, std::string_view key) {
  const json::value* p = v.is_object() ? v.get_object().if_contains(key) : nullptr;
  return p != nullptr && p->is_bool() && p->get_bool();
}

std::vector<std::string> recovery_codes(const json::value& v) {
  std::vector<std::string> codes;
  const json::value* list = v.is_object() ? v.get_object().if_contains("recovery_codes") : nullptr;
  if (list == nullptr || !list->is_array()) return codes;
  for (const json::value& c : list->get_array()) {
    if (c.is_string()) codes.push_back(printable(c.get_string()));
  }
  return codes;
}

// "JBSW Y3DP EHPK 3PXP": base32 in groups of four, as authenticator apps accept it.
std::string grouped(std::string_view secret) {
  std::string out;
  for (std::size_t i = 0; i < secret.size(); i += 4) {
    if (i > 0) out += ' ';
    out += secret.substr(i, 4);
  }
  return out;
}

// Codes on stdout, one per line; the warning (after `lead`, if any) on stderr.
void print_recovery_codes(Context& ctx, const std::vector<std::string>& codes, std::string_view lead) {
  ctx.out.flush();
  ctx.err << "Warning: " << lead << (lead.empty() ? "" : " ")
          << "Store these recovery codes somewhere safe, such as a password manager. Each one works once, "
             "in place of a code from your authenticator app. They are not shown again.\n";
  for (const std::string& code : codes) ctx.out << code << '\n';
}

Outcome<void> status(Context& ctx, bool as_json) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto mfa = api->call("GET", kMfaPath);
  if (!mfa) return failed(std::move(mfa.error()));
  if (as_json) {
    print_json(ctx.out, *mfa);
    return {};
  }
  if (!json_true(*mfa, "two_factor_authentication")) {
    ctx.out << kNotEnabled;
    if (json_true(*mfa, "required")) ctx.out << "This server requires it. Run latchkey mfa:enable to set it up.\n";
    return {};
  }
  ctx.out << kEnabled;
  auto remaining = json_int(*mfa, {"recovery_codes", "remaining"});
  auto total = json_int(*mfa, {"recovery_codes", "total"});
  if (remaining && total) ctx.out << "Recovery codes left: " << *remaining << " of " << *total << '\n';
  if (remaining && *remaining <= kFewRecoveryCodes) {
    ctx.out << "Run latchkey mfa:recovery-codes to get new ones.\n";
  }
  return {};
}

// The QR code (drawn here from the URI, not from the server's SVG) and the
// key with its parameters for typing it in by hand.
void show_enrolment(Context& ctx, const json::value& enrolment) {
  std::string uri = json_string(enrolment, {"otpauth_uri"});
  if (auto qr = encode_qr(uri)) {
    ctx.out << "Scan this QR code with your authenticator app:\n\n" << qr_terminal(*qr) << '\n';
  } else {
    ctx.err << "Warning: cannot draw the QR code (" << qr.error().message << "); enter the key by hand.\n";
  }
  OtpauthAccount names = otpauth_account(uri);
  std::string type = "time-based (TOTP)";
  if (std::string algorithm = json_string(enrolment, {"algorithm"}); !algorithm.empty()) {
    type += ", " + printable(algorithm);
  }
  if (auto digits = json_int(enrolment, {"digits"})) type += ", " + std::to_string(*digits) + " digits";
  if (auto period = json_int(enrolment, {"period"})) type += ", every " + std::to_string(*period) + " seconds";
  ctx.out << "Or enter the key by hand:\n";
  std::vector<std::pair<std::string, std::string>> fields;
  if (!names.issuer.empty()) fields.emplace_back("Issuer", names.issuer);
  if (!names.account.empty()) fields.emplace_back("Account", names.account);
  fields.emplace_back("Key", grouped(printable(json_string(enrolment, {"secret"}))));
  fields.emplace_back("Type", type);
  print_fields(ctx.out, fields);
  ctx.out << '\n';
}

// Asks for the app's current code until the server accepts one, at most
// kConfirmAttempts times; other errors end the loop at once.
Outcome<json::value> confirm(Context& ctx, ApiClient& api) {
  for (int attempt = 1;; ++attempt) {
    ctx.out.flush();
    auto typed = ctx.prompter.ask(kCodePrompt, true);
    if (!typed) return failed(std::move(typed.error()));
    std::string code = normalize_code(*typed);
    if (code.empty()) {
      if (attempt >= kConfirmAttempts) return failed_local("no code was entered; run latchkey mfa:enable again");
      ctx.err << "Type the code your authenticator app shows.\n";
      continue;
    }
    auto confirmed = api.call("POST", kConfirmPath, with_body(json::object{{"code", code}}));
    if (confirmed || confirmed.error().id != "invalid_code" || attempt >= kConfirmAttempts) return confirmed;
    ctx.err << "That code is not valid. Check that your device's clock is right, then type the next code.\n";
  }
}

Outcome<void> enable(Context& ctx) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto enrolment = call_with_second_factor(ctx, *api, "POST", kTotpPath, {});
  if (!enrolment) return failed(std::move(enrolment.error()));
  if (json_string(*enrolment, {"secret"}).empty() || json_string(*enrolment, {"otpauth_uri"}).empty()) {
    return failed_local("the server's reply has no authenticator secret");
  }
  show_enrolment(ctx, *enrolment);
  auto confirmed = confirm(ctx, *api);
  if (!confirmed) return failed(std::move(confirmed.error()));
  ctx.out << kEnabled;
  std::vector<std::string> codes = recovery_codes(*confirmed);
  if (!codes.empty()) print_recovery_codes(ctx, codes, "");
  return {};
}

Outcome<void> disable(Context& ctx) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto typed = ctx.prompter.ask("Password: ", true);
  if (!typed) return failed(std::move(typed.error()));
  Secret password(std::move(*typed));
  if (password.empty()) return failed_local("a password is required");
  CallOptions options;
  options.body = json::object{{"password", password.reveal()}};
  auto disabled = call_with_second_factor(ctx, *api, "DELETE", kTotpPath, std::move(options));
  if (!disabled) return failed(std::move(disabled.error()));
  ctx.out << kDisabled;
  return {};
}

Outcome<void> regenerate_recovery_codes(Context& ctx) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto created = call_with_second_factor(ctx, *api, "POST", kRecoveryCodesPath, {});
  if (!created) return failed(std::move(created.error()));
  std::vector<std::string> codes = recovery_codes(*created);
  if (codes.empty()) return failed_local("the server's reply has no recovery codes");
  print_recovery_codes(ctx, codes, "your previous recovery codes no longer work.");
  return {};
}

}  // namespace

void add_mfa_commands(std::vector<CommandSpec>& table) {
  table.push_back({"mfa", {"mfa:status", "2fa"}, "show whether multi-factor authentication is enabled",
                   [](CLI::App& app) -> Action {
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the server's status as JSON");
                     return [as_json](Context& ctx) { return status(ctx, *as_json); };
                   }});
  table.push_back({"mfa:enable", {}, "set up an authenticator app (or replace yours)",
                   [](CLI::App&) -> Action { return enable; }});
  table.push_back({"mfa:disable", {"2fa:disable"}, "turn multi-factor authentication off",
                   [](CLI::App&) -> Action { return disable; }});
  table.push_back({"mfa:recovery-codes", {"2fa:generate-recovery-codes"},
                   "replace your recovery codes with new ones", [](CLI::App&) -> Action {
                     return regenerate_recovery_codes;
                   }});
}

}  // namespace latchkey::cli
