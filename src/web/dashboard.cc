// The dashboard's frame: routing of /dashboard/..., the MFA gate, flash
// messages carried over POST-redirect-GET, secrets shown exactly once, and the
// re-authentication gate of sensitive actions. The pages themselves live in
// dashboard_*.cc and call the same services as the API.
#include "auth/base64url.h"
#include "core/text.h"
#include "http/cookie.h"
#include "web/dashboard_pages.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {

constexpr long kFlashSeconds = 60;
constexpr long kRevealSeconds = 120;

std::string flash_cookie_name(bool tls) { return tls ? "__Host-lk_flash" : "lk_flash"; }
std::string reveal_cookie_name(bool tls) { return tls ? "__Host-lk_reveal" : "lk_reveal"; }

std::string session_binding(const PageContext& ctx) {
  return ctx.session ? ctx.session->session.token_hash.value_or("") : std::string();
}

// "<n|e>.<base64url(message)>.<mac>": the MAC (server key) covers the kind,
// the message and the session, so a cookie cannot be planted or moved.
std::string flash_mac(const PageContext& ctx, std::string_view body) {
  return ctx.s.box.keyed_hash("dashboard-flash", session_binding(ctx) + "|" + std::string(body)).substr(0, 32);
}

std::optional<Flash> open_flash(const PageContext& ctx, std::string_view value) {
  const auto dot = value.rfind('.');
  if (dot == std::string_view::npos || value.size() < 3 || value[1] != '.') return std::nullopt;
  const std::string_view body = value.substr(0, dot);
  if (!Secret(flash_mac(ctx, body)).equals(value.substr(dot + 1))) return std::nullopt;
  auto text = auth::base64url_decode(body.substr(2));
  if (!text || text->size() > 500) return std::nullopt;
  return Flash{body[0] == 'e' ? Flash::Kind::kError : Flash::Kind::kNotice, std::move(*text)};
}

std::string reveal_context(const PageContext& ctx, std::string_view kind) {
  return "dashboard-reveal|" + session_binding(ctx) + "|" + std::string(kind);
}

http::CookieOptions short_cookie(bool tls, long seconds) {
  http::CookieOptions o;
  o.max_age = seconds;
  o.secure = tls;
  o.same_site = "Strict";
  return o;
}

}  // namespace

// --- PageContext: dashboard helpers ---------------------------------------------

http::Response PageContext::redirect_with(std::string location, const Flash& flash) {
  if (session) {
    const std::string body = std::string(flash.kind == Flash::Kind::kError ? "e." : "n.") +
                             auth::base64url_encode(std::string_view(flash.message).substr(0, 500));
    set_cookies.push_back(http::set_cookie_header(flash_cookie_name(tls), body + "." + flash_mac(*this, body),
                                                  short_cookie(tls, kFlashSeconds)));
  }
  return redirect(std::move(location));
}

void PageContext::stash_secret(std::string_view kind, std::string_view text) {
  const std::string sealed = s.box.seal(text, reveal_context(*this, kind), s.random);
  set_cookies.push_back(http::set_cookie_header(reveal_cookie_name(tls), sealed, short_cookie(tls, kRevealSeconds)));
}

std::optional<std::string> PageContext::take_secret(std::string_view kind) {
  if (!reveal_cookie || !session) return std::nullopt;
  auto opened = s.box.open(*reveal_cookie, reveal_context(*this, kind));
  if (!opened) return std::nullopt;  // another kind's secret stays for its own page
  reveal_cookie.reset();
  set_cookies.push_back(http::clear_cookie_header(reveal_cookie_name(tls), tls));
  return std::move(*opened);
}

// A complete browser sign-in (password + second factor) is a full sign-in:
// the person acts with every scope, as with the API key. What they may do to
// an app or a team is still the policy's (service/policy.h).
service::Principal PageContext::principal() const {
  service::Principal p;
  const service::BrowserSession& s = signed_in_session();
  p.account = s.account;
  p.authorization.account_id = s.account.id;
  p.authorization.session_id = s.session.id;
  p.authorization.scope = {"global"};
  return p;
}

bool PageContext::recently_authenticated() const {
  return session && s.sessions.recently_authenticated(*session);
}

http::Response PageContext::to_reauth(std::string_view next) {
  static constexpr auto keep = [](unsigned char c) { return is_unreserved(c) || c == '/'; };
  return redirect("/reauth?next=" + percent_encode(safe_next(next), keep));
}

http::Response PageContext::dashboard_page(int status, std::string_view section, std::string_view name,
                                           const ctemplate::TemplateDictionary& dict, std::string title) {
  nav = std::string(section);
  return page(status, name, dict, std::move(title));
}

http::Response PageContext::service_error(const Error& e) {
  switch (e.code) {
    case ErrorCode::kUnavailable: {
      auto r = error_page(503, "Service unavailable", "Please try again in a moment.");
      r.set("Retry-After", std::to_string(e.retry_after > 0 ? e.retry_after : 1));
      return r;
    }
    case ErrorCode::kThrottled:
    case ErrorCode::kRateLimited: {
      auto r = error_page(429, "Too many attempts", e.message);
      if (e.retry_after > 0) r.set("Retry-After", std::to_string(e.retry_after));
      return r;
    }
    case ErrorCode::kInternal: return error_page(500, "Something went wrong", "Please try again.");
    case ErrorCode::kNotFound: return error_page(404, "Not found", e.message.empty() ? "It does not exist (any more)." : e.message);
    case ErrorCode::kForbidden:
    case ErrorCode::kTwoFactor: return error_page(403, "Not allowed", e.message);
    case ErrorCode::kConflict: return error_page(409, "Not possible right now", e.message);
    case ErrorCode::kGone: return error_page(410, "Gone", e.message);
    default: return error_page(e.code == ErrorCode::kInvalidParams ? 422 : 400, "Please check your input", e.message);
  }
}

http::Response confirm_page(PageContext& ctx, const Confirm& c, std::string_view csrf_binding,
                            std::string_view section) {
  ctemplate::TemplateDictionary d("dashboard_confirm");
  d.SetValue("HEADING", c.heading);
  d.SetValue("MESSAGE", c.message);
  d.SetValue("ACTION", ctx.request.path);
  d.SetValue("CSRF", ctx.csrf_token(csrf_binding));
  d.SetValue("BUTTON", c.button);
  d.SetValue("CANCEL_URL", c.cancel_url);
  if (!c.details.empty()) {
    auto* detail = d.AddSectionDictionary("DETAIL");
    for (const auto& [label, value] : c.details) {
      auto* row = detail->AddSectionDictionary("DETAIL_ROW");
      row->SetValue("DETAIL_LABEL", label);
      row->SetValue("DETAIL_VALUE", value);
    }
  }
  return ctx.dashboard_page(200, section, "dashboard_confirm", d, c.heading);
}

// --- routing ------------------------------------------------------------------

http::Response WebHandler::dashboard(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  if (auto c = http::cookie_value(ctx.request, flash_cookie_name(ctx.tls))) {
    ctx.carried_flash = open_flash(ctx, *c);
    ctx.set_cookies.push_back(http::clear_cookie_header(flash_cookie_name(ctx.tls), ctx.tls));
  }
  if (auto c = http::cookie_value(ctx.request, reveal_cookie_name(ctx.tls))) ctx.reveal_cookie = std::move(*c);

  std::string_view rest = std::string_view(ctx.request.path).substr(std::string_view("/dashboard").size());
  const auto section = [&](std::string_view name) {
    return rest == name || (rest.starts_with(name) && rest.size() > name.size() && rest[name.size()] == '/');
  };
  if (rest.empty() || rest == "/") return ctx.redirect("/dashboard/account");
  // The address the API's enrolment hint names (api/mfa_routes.cc).
  if (rest == "/account/mfa") return ctx.redirect("/dashboard/mfa");
  // mfa.required: until a second factor is set up, the security page is the
  // only one (what a user lands on right after signing up).
  if (s_.config.mfa.required && !ctx.signed_in_session().account.two_factor_enabled && !section("/mfa"))
    return ctx.redirect_with("/dashboard/mfa", {Flash::Kind::kNotice, "Set up two-factor authentication to continue."});
  if (section("/account")) return dashboard_account(ctx, rest);
  if (section("/mfa")) return dashboard_mfa(ctx, rest);
  if (section("/authorizations") || section("/authorized-applications") || section("/clients"))
    return dashboard_applications(ctx, rest);
  if (section("/apps") || section("/teams")) return dashboard_apps(ctx, rest);
  if (section("/sessions")) return dashboard_sessions(ctx, rest);
  if (section("/activity")) return dashboard_activity(ctx, rest);
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

}  // namespace latchkey::web
