// Sign-in pages: password, then the second factor (TOTP or a recovery code),
// sign-out, sign-up and re-authentication. Each authentication step issues a
// new session cookie (S18); wrong passwords and codes feed the same throttles
// as the API (S06–S08, S14).
#include "core/text.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {

std::string form_value(const PageContext& ctx, std::string_view name) {
  return std::string(ctx.form.get(name).value_or(""));
}

Flash error_flash(std::string message) { return Flash{Flash::Kind::kError, std::move(message)}; }

http::Response forbidden(PageContext& ctx) {
  return ctx.error_page(403, "Request refused",
                        "This form expired or came from another site. Go back, reload the page and try again.");
}

// The page for a failed service call that is not the user's typing.
std::optional<http::Response> infrastructure_error(PageContext& ctx, const Error& e) {
  if (e.code == ErrorCode::kUnavailable)
    return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  if (e.code == ErrorCode::kThrottled || e.code == ErrorCode::kRateLimited) {
    auto r = ctx.error_page(429, "Too many attempts", e.message);
    if (e.retry_after > 0) r.set("Retry-After", std::to_string(e.retry_after));
    return r;
  }
  if (e.code == ErrorCode::kInternal) return ctx.error_page(500, "Something went wrong", "Please try again.");
  return std::nullopt;
}

// Each form's dictionary, for the first view and for a retry after an error.
void login_dict(ctemplate::TemplateDictionary& d, const PageContext& ctx, std::string_view email) {
  d.SetValue("ACTION", "/login");
  d.SetValue("CSRF", ctx.csrf_token("login"));
  d.SetValue("NEXT", ctx.next_param());
  d.SetValue("EMAIL", std::string(email));
}

void second_factor_dict(ctemplate::TemplateDictionary& d, const PageContext& ctx) {
  d.SetValue("ACTION", "/login/second-factor");
  d.SetValue("CSRF", ctx.csrf_token("second-factor"));
  d.SetValue("NEXT", ctx.next_param());
}

void signup_dict(ctemplate::TemplateDictionary& d, const PageContext& ctx, const config::Config& c) {
  d.SetValue("ACTION", "/signup");
  d.SetValue("CSRF", ctx.csrf_token("signup"));
  d.SetValue("NEXT", ctx.next_param());
  d.SetIntValue("PASSWORD_MIN", c.password_min_length());
  d.SetValue("LOGIN_URL", "/login");
}

void reauth_dict(ctemplate::TemplateDictionary& d, const PageContext& ctx) {
  d.SetValue("ACTION", "/reauth");
  d.SetValue("CSRF", ctx.csrf_token("reauth"));
  d.SetValue("NEXT", ctx.next_param());
  d.SetValue("EMAIL", ctx.signed_in_session().account.email);
  d.SetValue("PURPOSE", "continue");
  if (ctx.signed_in_session().account.two_factor_enabled) d.ShowSection("CODE");
}

}  // namespace

http::Response WebHandler::home(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.redirect("/login");
  // mfa.required: a new account's first stop is setting up its second factor.
  if (s_.config.mfa.required && !ctx.signed_in_session().account.two_factor_enabled) return ctx.redirect("/dashboard/mfa");
  ctemplate::TemplateDictionary d("message");
  d.SetValue("HEADING", "Signed in");
  d.SetValue("MESSAGE", "You are signed in as " + ctx.signed_in_session().account.email + ".");
  auto* link = d.AddSectionDictionary("LINK");
  link->SetValue("LINK_URL", "/dashboard/account");
  link->SetValue("LINK_TEXT", "Go to your account settings");
  ctx.nav = "home";
  return ctx.page(200, "message", d, "Signed in");
}

http::Response WebHandler::login_form(PageContext& ctx) {
  if (ctx.signed_in()) return ctx.redirect(ctx.next_param());
  ctx.ensure_pre_cookie();
  ctemplate::TemplateDictionary d("login");
  login_dict(d, ctx, ctx.query.get("email").value_or(""));
  if (s_.config.accounts.signup == "open") d.SetValueAndShowSection("SIGNUP_URL", "/signup", "SIGNUP");
  std::optional<Flash> flash;
  if (ctx.query.has("signed_up")) flash = Flash{Flash::Kind::kNotice, "If that address was new, your account is ready. Sign in."};
  if (ctx.query.has("signed_out")) flash = Flash{Flash::Kind::kNotice, "You are signed out."};
  if (ctx.query.has("password_changed"))
    flash = Flash{Flash::Kind::kNotice, "Your password was changed and every browser was signed out. Sign in with your new password."};
  return ctx.page(200, "login", d, "Sign in", flash);
}

http::Response WebHandler::login_submit(PageContext& ctx) {
  // A pre-session cookie binds the login form (login CSRF, S23); a session
  // cookie, if any, is replaced by a new session below.
  auto saved = std::move(ctx.session);
  ctx.session.reset();
  if (!ctx.csrf_ok("login")) return forbidden(ctx);
  auto account = s_.accounts.verify_password(form_value(ctx, "email"), form_value(ctx, "password"), ctx.info);
  if (!account) {
    if (auto page = infrastructure_error(ctx, account.error())) return *page;
    ctemplate::TemplateDictionary d("login");
    login_dict(d, ctx, form_value(ctx, "email"));
    return ctx.page(401, "login", d, "Sign in", error_flash("Wrong email or password."));
  }
  if (saved) (void)s_.sessions.end(*saved, ctx.info);  // never reuse an earlier session id (S18)
  auto started = s_.sessions.start(*account, ctx.info);
  if (!started) {
    if (auto page = infrastructure_error(ctx, started.error())) return *page;
    return ctx.error_page(500, "Something went wrong", "Please try again.");
  }
  ctx.set_session_cookie(*started);
  if (!started->complete()) return ctx.redirect("/login/second-factor?next=" + percent_encode(ctx.next_param(), is_unreserved));
  return ctx.redirect(ctx.next_param());
}

http::Response WebHandler::second_factor_form(PageContext& ctx) {
  if (ctx.signed_in()) return ctx.redirect(ctx.next_param());
  if (!ctx.session) return ctx.redirect("/login");
  ctemplate::TemplateDictionary d("second_factor");
  second_factor_dict(d, ctx);
  return ctx.page(200, "second_factor", d, "Two-factor authentication");
}

http::Response WebHandler::second_factor_submit(PageContext& ctx) {
  if (!ctx.session || ctx.signed_in()) return ctx.redirect("/login");
  if (!ctx.csrf_ok("second-factor")) return forbidden(ctx);
  auto ok = s_.mfa.verify(ctx.session->account, form_value(ctx, "code"), ctx.info);
  if (!ok) {
    if (auto page = infrastructure_error(ctx, ok.error())) return *page;
    ctemplate::TemplateDictionary d("second_factor");
    second_factor_dict(d, ctx);
    return ctx.page(401, "second_factor", d, "Two-factor authentication", error_flash(ok.error().message));
  }
  auto full = s_.sessions.elevate(*ctx.session, ctx.info, "session.started");
  if (!full) {
    if (auto page = infrastructure_error(ctx, full.error())) return *page;
    return ctx.redirect("/login");
  }
  ctx.set_session_cookie(*full);
  ctx.session = std::move(*full);
  return ctx.redirect(ctx.next_param());
}

http::Response WebHandler::logout(PageContext& ctx) {
  if (!ctx.session) return ctx.redirect("/login");
  if (!ctx.csrf_ok("logout")) return forbidden(ctx);
  if (auto ok = s_.sessions.end(*ctx.session, ctx.info); !ok)
    if (auto page = infrastructure_error(ctx, ok.error())) return *page;
  ctx.session.reset();
  ctx.clear_session_cookie();
  return ctx.redirect("/login?signed_out=1");
}

http::Response WebHandler::signup_form(PageContext& ctx) {
  if (s_.config.accounts.signup != "open")
    return ctx.error_page(403, "Sign-up is closed", "Ask an administrator for an account.");
  ctx.ensure_pre_cookie();
  ctemplate::TemplateDictionary d("signup");
  signup_dict(d, ctx, s_.config);
  return ctx.page(200, "signup", d, "Create an account");
}

http::Response WebHandler::signup_submit(PageContext& ctx) {
  if (s_.config.accounts.signup != "open")
    return ctx.error_page(403, "Sign-up is closed", "Ask an administrator for an account.");
  ctx.session.reset();
  if (!ctx.csrf_ok("signup")) return forbidden(ctx);
  service::SignUp request{form_value(ctx, "email"), form_value(ctx, "password"), form_value(ctx, "name")};
  auto created = s_.accounts.sign_up(request, ctx.info);
  if (!created) {
    if (auto page = infrastructure_error(ctx, created.error())) return *page;
    ctemplate::TemplateDictionary d("signup");
    signup_dict(d, ctx, s_.config);
    d.SetValue("EMAIL", request.email);
    d.SetValue("NAME", request.name);
    return ctx.page(422, "signup", d, "Create an account", error_flash(created.error().message));
  }
  // The same answer whether or not the address was new (S09).
  return ctx.redirect("/login?signed_up=1&next=" + percent_encode(ctx.next_param(), is_unreserved));
}

http::Response WebHandler::reauth_form(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  ctemplate::TemplateDictionary d("reauth");
  reauth_dict(d, ctx);
  return ctx.page(200, "reauth", d, "Confirm it's you");
}

http::Response WebHandler::reauth_submit(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  if (!ctx.csrf_ok("reauth")) return forbidden(ctx);
  const auto& account = ctx.signed_in_session().account;
  auto fail_page = [&](const Error& e) {
    if (auto page = infrastructure_error(ctx, e)) return *page;
    ctemplate::TemplateDictionary d("reauth");
    reauth_dict(d, ctx);
    return ctx.page(401, "reauth", d, "Confirm it's you", error_flash(e.message));
  };
  if (auto ok = s_.accounts.confirm_password(account, form_value(ctx, "password"), "reauth", ctx.info); !ok)
    return fail_page(ok.error());
  if (account.two_factor_enabled)
    if (auto ok = s_.mfa.verify(account, form_value(ctx, "code"), ctx.info); !ok) return fail_page(ok.error());
  auto fresh = s_.sessions.elevate(ctx.signed_in_session(), ctx.info, "session.reauthenticated");
  if (!fresh) return fail_page(fresh.error());
  ctx.set_session_cookie(*fresh);
  ctx.session = std::move(*fresh);
  return ctx.redirect(ctx.next_param());
}

}  // namespace latchkey::web
