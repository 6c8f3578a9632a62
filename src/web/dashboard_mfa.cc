// Dashboard: two-factor authentication (/dashboard/mfa...): setting up an
// authenticator app (QR code, proof code), recovery codes, turning it off.
// The same MfaService calls as the API's /account/mfa routes; the TOTP secret
// and the recovery codes are shown once (PageContext::stash_secret).
//
// Setup, step by step:
//   POST /mfa/setup    begin() -> stash "totp" -> 303 /mfa/setup
//   GET  /mfa/setup    take "totp", show it, and stash it again as
//                      "totp-confirm" (below) -> the confirm form
//   POST /mfa/confirm  take "totp-confirm"; confirm() -> stash
//                      "recovery-codes" -> 303 /mfa/recovery-codes
//
// Why "totp-confirm": after a mistyped code the user needs the same page
// again, and by then the GET has used up the "totp" secret. Showing the
// secret once more is harmless, it is the one this browser was just shown,
// still sealed and bound to this session, and only the confirm POST can open
// it. Starting over would instead mean a new secret and a second scan.
// Keeping it under another kind means a reload of the setup page still
// shows nothing.
#include <array>

#include "core/qr_code.h"
#include "web/dashboard_pages.h"

namespace latchkey::web {
namespace {

constexpr std::string_view kHere = "/dashboard/mfa";
// CSRF bindings, one per action on the account's second factor.
constexpr std::string_view kSetupForm = "dash|mfa|setup";
constexpr std::string_view kConfirmForm = "dash|mfa|confirm";
constexpr std::string_view kRegenerateForm = "dash|mfa|regenerate-recovery-codes";
constexpr std::string_view kDisableForm = "dash|mfa|disable";
constexpr int kFewRecoveryCodes = 3;

Flash error_flash(std::string message) { return Flash{Flash::Kind::kError, std::move(message)}; }

// --- /dashboard/mfa -------------------------------------------------------------

void fill_on(ctemplate::TemplateDictionary& on, const service::MfaStatus& st, bool required) {
  on.SetIntValue("REMAINING", st.recovery_codes.remaining);
  on.SetIntValue("TOTAL", st.recovery_codes.total);
  if (st.recovery_codes.remaining <= kFewRecoveryCodes) on.ShowSection("FEW_LEFT");
  if (required) on.ShowSection("REQUIRED");
}

http::Response status_page(PageContext& ctx, int status) {
  auto st = ctx.s.mfa.status(ctx.signed_in_session().account);
  if (!st) return ctx.service_error(st.error());
  const bool required = ctx.s.config.mfa.required;
  ctemplate::TemplateDictionary d("dashboard_mfa");
  d.SetValue("CSRF_SETUP", ctx.csrf_token(kSetupForm));
  d.SetValue("CSRF_REGENERATE", ctx.csrf_token(kRegenerateForm));
  d.SetValue("CSRF_DISABLE", ctx.csrf_token(kDisableForm));
  if (st->enabled) {
    fill_on(*d.AddSectionDictionary("ON"), *st, required);
  } else {
    auto* off = d.AddSectionDictionary("OFF");
    if (required) off->ShowSection("REQUIRED");
  }
  return ctx.dashboard_page(status, "mfa", "dashboard_mfa", d, "Two-factor authentication");
}

http::Response show(PageContext& ctx) { return status_page(ctx, 200); }

// --- setup ------------------------------------------------------------------------

// The stashed text: the otpauth:// URI, '\n', the base32 secret.
struct Enrolling {
  std::string uri;
  std::string base32;
};

std::optional<Enrolling> parse_enrolling(std::string_view text) {
  const auto nl = text.find('\n');
  if (nl == std::string_view::npos) return std::nullopt;
  return Enrolling{std::string(text.substr(0, nl)), std::string(text.substr(nl + 1))};
}

// The QR code, the secret and the confirm form; the secret is stashed again
// for the confirm POST (see the top of this file).
http::Response setup_page(PageContext& ctx, int status, std::string_view stashed) {
  auto enrolling = parse_enrolling(stashed);
  if (!enrolling) return ctx.error_page(500, "Something went wrong", "Please try again.");
  auto qr = encode_qr(enrolling->uri);
  if (!qr) return ctx.service_error(qr.error());
  ctemplate::TemplateDictionary d("dashboard_mfa_setup");
  d.SetValue("QR_SVG", qr_svg(*qr, "QR code for your authenticator app"));
  d.SetValue("SECRET", enrolling->base32);
  d.SetValue("CSRF", ctx.csrf_token(kConfirmForm));
  ctx.stash_secret("totp-confirm", stashed);
  return ctx.dashboard_page(status, "mfa", "dashboard_mfa_setup", d, "Set up your authenticator app");
}

http::Response begin_setup(PageContext& ctx) {
  if (!ctx.csrf_ok(kSetupForm)) return csrf_refused(ctx);
  const auto& account = ctx.signed_in_session().account;
  // Replacing an active authenticator changes a factor: like the API, it needs
  // a current one (here: a fresh re-authentication, which includes it).
  if (account.two_factor_enabled && !ctx.recently_authenticated()) return ctx.to_reauth(kHere);
  auto enrolment = ctx.s.mfa.begin(account, ctx.info);
  if (!enrolment) return ctx.service_error(enrolment.error());
  ctx.stash_secret("totp", std::string(enrolment->otpauth_uri.reveal()) + "\n" +
                               std::string(enrolment->secret_base32.reveal()));
  return ctx.redirect("/dashboard/mfa/setup");
}

http::Response show_setup(PageContext& ctx) {
  if (auto stashed = ctx.take_secret("totp")) return setup_page(ctx, 200, *stashed);
  // A reload, or the secret's short cookie expired: it is not shown again.
  ctx.carried_flash = Flash{Flash::Kind::kNotice,
                            "The setup key is shown only once and is no longer available. "
                            "Start the setup again to get a new one."};
  return status_page(ctx, 200);
}

// A wrong proof code: the same setup page with the reason, while the
// enrolment can still be confirmed (MfaService discards it after
// kEnrolmentAttempts wrong codes); otherwise back to the start.
http::Response wrong_code(PageContext& ctx, const std::optional<std::string>& stashed) {
  auto st = ctx.s.mfa.status(ctx.signed_in_session().account);
  if (!st) return ctx.service_error(st.error());
  if (stashed && st->pending) {
    ctx.carried_flash = error_flash("That code is not correct. Check that your phone’s clock is right, and enter "
                              "the code the app shows now.");
    return setup_page(ctx, 422, *stashed);
  }
  return ctx.redirect_with(std::string(kHere), error_flash("That code is not correct, and this setup can no longer be "
                                                     "finished. Start the setup again."));
}

void stash_recovery_codes(PageContext& ctx, const std::vector<std::string>& codes) {
  std::string text;
  for (const auto& c : codes) text += (text.empty() ? "" : "\n") + c;
  ctx.stash_secret("recovery-codes", text);
}

http::Response confirm_setup(PageContext& ctx) {
  if (!ctx.csrf_ok(kConfirmForm)) return csrf_refused(ctx);
  const auto stashed = ctx.take_secret("totp-confirm");
  auto codes = ctx.s.mfa.confirm(ctx.principal(), form_text(ctx, "code"), ctx.info);
  if (!codes) {
    const auto& e = codes.error();
    if (e.code == ErrorCode::kInvalidParams) return wrong_code(ctx, stashed);
    if (e.code == ErrorCode::kConflict)  // nothing pending: expired, or never started
      return ctx.redirect_with(std::string(kHere), error_flash("This setup expired. Start the setup again."));
    return ctx.service_error(e);
  }
  stash_recovery_codes(ctx, *codes);
  return ctx.redirect_with("/dashboard/mfa/recovery-codes", {Flash::Kind::kNotice, "Two-factor authentication was turned on."});
}

// --- recovery codes -----------------------------------------------------------------

http::Response show_recovery_codes(PageContext& ctx) {
  ctemplate::TemplateDictionary d("dashboard_mfa_recovery_codes");
  const auto text = ctx.take_secret("recovery-codes");
  if (text) {
    auto* shown = d.AddSectionDictionary("CODES");
    for (std::size_t start = 0; start <= text->size();) {
      const auto end = std::min(text->find('\n', start), text->size());
      if (end > start) shown->AddSectionDictionary("CODE")->SetValue("CODE_VALUE", text->substr(start, end - start));
      start = end + 1;
    }
  } else {
    d.ShowSection("GONE");
  }
  return ctx.dashboard_page(200, "mfa", "dashboard_mfa_recovery_codes", d, "Recovery codes");
}

http::Response regenerate_recovery_codes(PageContext& ctx) {
  if (!ctx.csrf_ok(kRegenerateForm)) return csrf_refused(ctx);
  if (!ctx.recently_authenticated()) return ctx.to_reauth(kHere);
  auto codes = ctx.s.mfa.regenerate_recovery_codes(ctx.signed_in_session().account, ctx.info);
  if (!codes) return ctx.service_error(codes.error());
  stash_recovery_codes(ctx, *codes);
  return ctx.redirect_with("/dashboard/mfa/recovery-codes",
                           {Flash::Kind::kNotice, "New recovery codes are ready; the old ones no longer work."});
}

// --- turning it off -------------------------------------------------------------------

http::Response disable(PageContext& ctx) {
  if (!ctx.csrf_ok(kDisableForm)) return csrf_refused(ctx);
  // Before the re-authentication gate: no round trip through /reauth for an
  // action that would be refused anyway.
  if (auto ok = ctx.s.mfa.check_can_disable(ctx.signed_in_session().account); !ok) {
    if (ok.error().code != ErrorCode::kConflict) return ctx.service_error(ok.error());
    return ctx.error_page(409, "Two-factor authentication stays on",
                          ctx.s.config.mfa.required
                              ? "This server requires two-factor authentication, so it cannot be turned off. "
                                "To use another phone, choose “Move to a new authenticator app”."
                              : ok.error().message);
  }
  if (!ctx.recently_authenticated()) return ctx.to_reauth(kHere);
  if (auto ok = ctx.s.mfa.disable(ctx.principal(), ctx.info); !ok) return ctx.service_error(ok.error());
  return ctx.redirect_with(std::string(kHere), {Flash::Kind::kNotice, "Two-factor authentication was turned off."});
}

constexpr std::array<DashboardRoute, 6> kRoutes{{
    {"/mfa", show, nullptr},
    {"/mfa/setup", show_setup, begin_setup},
    {"/mfa/confirm", nullptr, confirm_setup},
    {"/mfa/recovery-codes", show_recovery_codes, nullptr},
    {"/mfa/recovery-codes/regenerate", nullptr, regenerate_recovery_codes},
    {"/mfa/disable", nullptr, disable},
}};

}  // namespace

http::Response WebHandler::dashboard_mfa(PageContext& ctx, std::string_view rest) {
  return route_dashboard(ctx, rest, kRoutes);
}

}  // namespace latchkey::web
