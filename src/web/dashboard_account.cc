// Dashboard: account settings (/dashboard/account...): the name, the password
// (with the second factor, checked in the API's order) and the API key, which
// is revealed or regenerated only after a fresh re-authentication and shown
// once. The same services as the API's /account routes.
#include <array>

#include "web/dashboard_pages.h"

namespace latchkey::web {
namespace {

constexpr std::string_view kHere = "/dashboard/account";
// CSRF bindings: one per form (the account is the only object they act on).
constexpr std::string_view kNameForm = "dash|account|name";
constexpr std::string_view kPasswordForm = "dash|account|password";
constexpr std::string_view kApiKeyForm = "dash|account|api-key";

struct AccountView {
  std::optional<std::string> name{};     // what the name field shows; default: the account's name
  std::optional<std::string> api_key{};  // the key to show, once
};

http::Response account_page(PageContext& ctx, int status, const AccountView& view, std::optional<Flash> flash) {
  const auto& account = ctx.signed_in_session().account;
  ctemplate::TemplateDictionary d("dashboard_account");
  d.SetValue("EMAIL", account.email);
  d.SetValue("NAME", view.name.value_or(account.name));
  d.SetValue("CSRF_NAME", ctx.csrf_token(kNameForm));
  d.SetValue("CSRF_PASSWORD", ctx.csrf_token(kPasswordForm));
  d.SetValue("CSRF_API_KEY", ctx.csrf_token(kApiKeyForm));
  d.SetIntValue("PASSWORD_MIN", ctx.s.config.password_min_length());
  if (account.two_factor_enabled) d.ShowSection("CODE");
  if (ctx.s.config.accounts.rotate_api_key_on_password_change) d.ShowSection("ROTATES_API_KEY");
  if (view.api_key) d.AddSectionDictionary("API_KEY")->SetValue("API_KEY_VALUE", *view.api_key);
  else d.ShowSection("API_KEY_HIDDEN");
  if (flash) ctx.carried_flash = std::move(flash);
  return ctx.dashboard_page(status, "account", "dashboard_account", d, "Account");
}

// A refusal the user can put right on this page (a wrong password or code, a
// password the policy refuses, a name that is not allowed): the page again,
// saying why, nothing changed. Anything else is the service's error page.
http::Response input_error(PageContext& ctx, const Error& e, const AccountView& view = {}) {
  int status = 0;
  switch (e.code) {
    case ErrorCode::kForbidden:
    case ErrorCode::kTwoFactor: status = 403; break;
    case ErrorCode::kBadRequest: status = 400; break;
    case ErrorCode::kInvalidParams: status = 422; break;
    default: return ctx.service_error(e);
  }
  return account_page(ctx, status, view, Flash{Flash::Kind::kError, e.message});
}

http::Response show(PageContext& ctx) {
  return account_page(ctx, 200, {.api_key = ctx.take_secret("api-key")}, std::nullopt);
}

http::Response save_name(PageContext& ctx) {
  if (!ctx.csrf_ok(kNameForm)) return csrf_refused(ctx);
  const std::string name = form_text(ctx, "name");
  auto updated = ctx.s.accounts.update_name(ctx.signed_in_session().account, name);
  if (!updated) return input_error(ctx, updated.error(), {.name = name});
  return ctx.redirect_with(std::string(kHere), {Flash::Kind::kNotice, "Your name was saved."});
}

// Runs on the hashing pool (WebHandler::handle). The API's order: the second
// factor first (a no-op without MFA), then the current password and the new
// one's policy inside change_password.
http::Response change_password(PageContext& ctx) {
  if (!ctx.csrf_ok(kPasswordForm)) return csrf_refused(ctx);
  const auto& account = ctx.signed_in_session().account;
  if (auto ok = ctx.s.mfa.verify(account, form_text(ctx, "code"), ctx.info); !ok)
    return input_error(ctx, ok.error());
  auto ok = ctx.s.accounts.change_password(account, form_text(ctx, "current_password"),
                                           form_text(ctx, "password"), ctx.info);
  if (!ok) return input_error(ctx, ok.error());
  // change_password ends every browser session of the account, this one
  // included (SessionService::end_others with nothing kept): there is no
  // dashboard to come back to, so sign in again.
  ctx.session.reset();
  ctx.clear_session_cookie();
  return ctx.redirect("/login?password_changed=1&next=%2Fdashboard%2Faccount");
}

// Shows `token` once on the account page (POST-redirect-GET; never in the URL).
http::Response show_once(PageContext& ctx, const Secret& token, std::string notice) {
  ctx.stash_secret("api-key", token.reveal());
  return ctx.redirect_with(std::string(kHere), {Flash::Kind::kNotice, std::move(notice)});
}

http::Response reveal_api_key(PageContext& ctx) {
  if (!ctx.csrf_ok(kApiKeyForm)) return csrf_refused(ctx);
  if (!ctx.recently_authenticated()) return ctx.to_reauth(kHere);
  auto issued = ctx.s.authorizations.reveal_api_key(ctx.signed_in_session().account, ctx.info);
  if (!issued) return ctx.service_error(issued.error());
  return show_once(ctx, issued->token, "Here is your API key.");
}

http::Response regenerate_api_key(PageContext& ctx) {
  if (!ctx.csrf_ok(kApiKeyForm)) return csrf_refused(ctx);
  // Checked before the re-authentication gate, so a round trip through
  // /reauth is never spent on a form that would be refused anyway.
  if (form_text(ctx, "confirm").empty())
    return account_page(ctx, 400, {}, Flash{Flash::Kind::kError,
                                            "Tick “I understand the current key stops working” to regenerate "
                                            "your API key. Nothing was changed."});
  if (!ctx.recently_authenticated()) return ctx.to_reauth(kHere);
  auto issued = ctx.s.authorizations.regenerate(ctx.signed_in_session().account, std::string(service::kApiKeyId), ctx.info);
  if (!issued) return ctx.service_error(issued.error());
  return show_once(ctx, issued->token, "Your new API key is ready; the old one no longer works.");
}

constexpr std::array<DashboardRoute, 5> kRoutes{{
    {"/account", show, nullptr},
    {"/account/name", nullptr, save_name},
    {"/account/password", nullptr, change_password},
    {"/account/api-key/reveal", nullptr, reveal_api_key},
    {"/account/api-key/regenerate", nullptr, regenerate_api_key},
}};

}  // namespace

http::Response WebHandler::dashboard_account(PageContext& ctx, std::string_view rest) {
  return route_dashboard(ctx, rest, kRoutes);
}

}  // namespace latchkey::web
