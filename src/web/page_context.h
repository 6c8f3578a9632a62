// One browser request as the page handlers see it: the parsed query and form,
// the browser session behind the cookie (if any), the CSRF helpers and the
// response builders that put the security headers on every page. Internal to
// src/web.
// Thread safety: one per request, used by one thread at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/form.h"
#include "http/message.h"
#include "service/browser_sessions.h"
#include "service/principal.h"
#include "service/request_info.h"
#include "web/page.h"
#include "web/templates.h"
#include "web/web_handler.h"

namespace latchkey::web {

struct PageContext {
  const http::Request& request;
  const WebServices& s;
  const Templates& templates;
  service::RequestInfo info{};
  bool tls = false;
  std::string origin{};  // what a same-origin POST's Origin header says
  http::Form query{};
  http::Form form{};     // POST bodies
  std::optional<service::BrowserSession> session{};  // any stage
  std::string pre_cookie{};  // pre-session CSRF cookie (login, signup)
  std::vector<std::string> set_cookies{};
  std::vector<std::string> form_action_origins{};  // consent page: the client's origin
  std::string nav{};                     // dashboard section (layout navigation), "" = none
  std::optional<Flash> carried_flash{};  // from the previous request (redirect_with)
  std::optional<std::string> reveal_cookie{};  // the sealed one-time secret as presented

  bool signed_in() const { return session && session->complete(); }
  // The session of a signed-in person: the dashboard's pages run only after
  // signed_in() (dashboard.cc), and principal() is theirs.
  const service::BrowserSession& signed_in_session() const {
    return *session;  // NOLINT(bugprone-unchecked-optional-access): see above
  }

  std::string session_cookie_name() const { return tls ? "__Host-lk_session" : "lk_session"; }
  std::string pre_cookie_name() const { return tls ? "__Host-lk_csrf" : "lk_csrf"; }
  void set_session_cookie(const service::BrowserSession& s);
  void clear_session_cookie();
  // Makes sure the pre-session cookie exists (set on this response if new).
  void ensure_pre_cookie();

  // A token for a form that acts on `binding` ("login", "logout", a request id…),
  // bound to the session (or the pre-session cookie).
  std::string csrf_token(std::string_view binding) const;
  // The POST carries csrf_token(binding) and came from this origin.
  bool csrf_ok(std::string_view binding) const;

  // A local path to continue to: relative, same origin ("/x", never "//x",
  // "/\\x" or a URL); else "/".
  static std::string safe_next(std::string_view next);
  std::string next_param() const;

  // --- dashboard helpers (dashboard.cc) ---
  // POST-redirect-GET: 303 to `location`; `flash` shows on the next page this
  // browser gets (a short-lived cookie, MACed with the server key and bound to
  // the session, so nobody else can plant a message).
  http::Response redirect_with(std::string location, const Flash& flash);
  // A secret (a token, a client secret, recovery codes, a TOTP secret) to
  // show exactly once, on the next page: sealed with the server key, bound to
  // this session and `kind`, carried in a short-lived HttpOnly cookie — never
  // in a URL, a log or the database. take_secret() opens it and expires the
  // cookie, so a reload no longer shows it.
  void stash_secret(std::string_view kind, std::string_view text);
  std::optional<std::string> take_secret(std::string_view kind);
  // The signed-in person as the services' caller (the browser session stands
  // in for a token's session; a complete browser sign-in has scope global).
  service::Principal principal() const;
  // Sensitive actions (reveal the API key, disable MFA, ...) need a password
  // (+ second factor) proof within sessions.reauth_window_s; without one,
  // to_reauth() sends the browser to /reauth, coming back to `next`.
  bool recently_authenticated() const;
  http::Response to_reauth(std::string_view next);
  // The error page for a service error: its status (core/error.h) and its
  // message; 503/429 say to retry (Retry-After), a bug says nothing internal.
  http::Response service_error(const Error& e);
  // A dashboard page: page() with the navigation showing `section` current.
  http::Response dashboard_page(int status, std::string_view section, std::string_view name,
                                const ctemplate::TemplateDictionary& dict, std::string title);

  http::Response page(int status, std::string_view name, const ctemplate::TemplateDictionary& dict,
                      std::string title, std::optional<Flash> flash = std::nullopt);
  http::Response error_page(int status, const std::string& heading, const std::string& message);
  http::Response message_page(const std::string& heading, const std::string& message);
  http::Response redirect(std::string location);
  // Sends a signed-out visitor to /login, coming back to this URL afterwards.
  http::Response to_login();
  http::Response finish(http::Response r);
};

}  // namespace latchkey::web
