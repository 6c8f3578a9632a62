// Responses for browser pages and the browser-side CSRF backstop.
//
// Every HTML page and every redirect from a page carries the same security
// headers (checklist S24, also on error pages): a strict Content-Security-
// Policy, X-Frame-Options DENY, nosniff, Referrer-Policy no-referrer (page URLs
// may carry codes), Cross-Origin-Opener-Policy same-origin, Cache-Control
// no-store, and HSTS when served over TLS.
//
// CSP form-action: Chrome and Safari check it against the redirect that follows
// a form POST too (checklist gotcha below S26), so the consent page, whose
// Approve answers 303 to the client's redirect_uri, lists that URI's origin in
// PageSecurity::form_action_origins (see form_action_origin()).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "http/message.h"

namespace latchkey::web {

struct PageSecurity {
  bool tls = false;  // the page is served over HTTPS: add Strict-Transport-Security
  // Origins ("https://client.example", "http://127.0.0.1:8123") form-action
  // allows besides 'self'. Entries that are not a bare http(s) origin are
  // dropped, so nothing can inject another directive.
  std::vector<std::string> form_action_origins{};
};

// The Content-Security-Policy value html_response() sends.
std::string content_security_policy(const PageSecurity& security);

// `body` as text/html; charset=utf-8 with the headers above.
http::Response html_response(int status, std::string body, const PageSecurity& security);

// 303 (or `status`) to `location`, with the same headers and an empty body.
// A location with control characters or spaces is replaced by "/" (it would
// otherwise split the header); callers pass paths or validated redirect URIs.
http::Response redirect_response(std::string location, int status = 303,
                                 const PageSecurity& security = {});

// "scheme://host[:port]" of an absolute http(s) URL, lower-cased, for
// PageSecurity::form_action_origins; nullopt for anything else (relative,
// other schemes, userinfo, characters that have no business in an origin).
std::optional<std::string> form_action_origin(std::string_view url);

// CSRF defence in depth for state-changing POSTs (checklist S23), on top of
// the session-bound token: false when Sec-Fetch-Site is present and is not
// "same-origin" or "none" (a user-typed navigation), or when Origin is present
// and is not `expected_origin` (our public origin, "https://auth.example";
// "Origin: null" fails). A request with neither header passes: older browsers
// and non-browser clients send none, and the CSRF token still applies.
// How pages show a time: "2026-11-23 09:15 UTC", or with seconds
// ("2026-11-23 09:15:07 UTC") where events are close together.
std::string display_time(UnixTime t, bool with_seconds = false);

bool same_origin_post(const http::Request& request, std::string_view expected_origin);

}  // namespace latchkey::web
