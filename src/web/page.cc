#include "web/page.h"

#include <ctime>
#include <utility>

#include "core/text.h"

namespace latchkey::web {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool origin_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == ':' || c == '[' || c == ']';
}

// The headers every page response carries.
void add_page_headers(http::Response& response, const PageSecurity& security) {
  response.set("Content-Security-Policy", content_security_policy(security));
  response.set("X-Frame-Options", "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Cross-Origin-Opener-Policy", "same-origin");
  response.set("Cache-Control", "no-store");
  if (security.tls)
    response.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

}  // namespace

std::string content_security_policy(const PageSecurity& security) {
  std::string form_action = "form-action 'self'";
  for (const std::string& entry : security.form_action_origins) {
    const auto origin = form_action_origin(entry);
    // Only a bare origin: nothing after the authority.
    if (!origin || origin->size() != entry.size()) continue;
    form_action += ' ';
    form_action += *origin;
  }
  return "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
         form_action + "; script-src 'self'; style-src 'self'; img-src 'self' data:";
}

http::Response html_response(int status, std::string body, const PageSecurity& security) {
  http::Response response;
  response.status = status;
  response.set("Content-Type", "text/html; charset=utf-8");
  add_page_headers(response, security);
  response.body = std::move(body);
  return response;
}

http::Response redirect_response(std::string location, int status, const PageSecurity& security) {
  for (unsigned char c : location)
    if (c <= 0x20 || c >= 0x7F) {
      location = "/";
      break;
    }
  if (location.empty()) location = "/";
  http::Response response;
  response.status = status;
  response.set("Location", std::move(location));
  add_page_headers(response, security);
  return response;
}

std::optional<std::string> form_action_origin(std::string_view url) {
  std::string_view scheme;
  for (std::string_view candidate : {"https://", "http://"})
    if (url.size() >= candidate.size() && iequals(url.substr(0, candidate.size()), candidate))
      scheme = candidate;
  if (scheme.empty()) return std::nullopt;
  const std::string_view rest = url.substr(scheme.size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.front() == ':') return std::nullopt;
  std::string origin(scheme);
  for (char c : authority) {
    if (!origin_char(c)) return std::nullopt;  // '@' (userinfo), ';', ',', quotes, blanks...
    origin += lower(c);
  }
  return origin;
}

std::string display_time(UnixTime t, bool with_seconds) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[40];
  (void)std::strftime(buf, sizeof buf, with_seconds ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

bool same_origin_post(const http::Request& request, std::string_view expected_origin) {
  if (expected_origin.ends_with('/')) expected_origin.remove_suffix(1);
  // Chrome sends `Origin: null` on a same-origin form POST from a page with
  // `Referrer-Policy: no-referrer`; Sec-Fetch-Site (which pages cannot forge)
  // then still says same-origin, and that is what we believe.
  const auto fetch_site = request.header("sec-fetch-site");
  const bool browser_says_same_origin = fetch_site && trim_blanks(*fetch_site) == "same-origin";
  for (const auto& [name, raw] : request.headers) {
    const std::string_view value = trim_blanks(raw);
    if (name == "sec-fetch-site" && value != "same-origin" && value != "none") return false;
    if (name != "origin") continue;
    if (value == "null") {
      if (!browser_says_same_origin) return false;
    } else if (expected_origin.empty() || !iequals(value, expected_origin)) {
      return false;
    }
  }
  return true;
}

}  // namespace latchkey::web
