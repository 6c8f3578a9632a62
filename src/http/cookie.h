// Cookies: reading the Cookie request header (RFC 6265 §5.4 / §4.2) and
// writing Set-Cookie (RFC 6265 §4.1) with the attributes checklist S19 asks
// for: always `Path=/`, never `Domain` (host-only, as `__Host-` requires),
// HttpOnly, Secure and SameSite by default.
// The cookie's *name* is the caller's choice: `__Host-` names need Secure, so
// plain-HTTP development setups use another name.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"

namespace latchkey::http {

// Value of the first cookie called `name` (exact, case-sensitive) in one
// Cookie header value such as "a=b; c=d". The value is returned raw: no
// percent-decoding, surrounding DQUOTEs kept; spaces and tabs around names and
// values are ignored, pieces without '=' are skipped. Any input is safe.
std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name);
// The same over every Cookie header of the request, in order (HTTP/2 clients
// may split cookies over several headers).
std::optional<std::string> cookie_value(const Request& request, std::string_view name);

struct CookieOptions {
  std::optional<long> max_age;  // seconds; none = session cookie; <= 0 expires now
  bool http_only = true;
  bool secure = true;
  std::string same_site = "Lax";  // "Lax", "Strict" or "None"; empty = omit
};

// "name=value; Path=/; Max-Age=…; HttpOnly; Secure; SameSite=Lax".
// Bytes of the name outside an RFC 9110 token, and of the value outside
// RFC 6265 cookie-octets, are percent-encoded, so no input can inject an
// attribute. (Tokens and ids are base62/base64url and pass unchanged.) An
// unknown same_site is written as "Lax".
std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& options);

// Expires the cookie now: "name=; Path=/; Max-Age=0; HttpOnly[; Secure]; SameSite=Lax".
std::string clear_cookie_header(std::string_view name, bool secure);

}  // namespace latchkey::http
