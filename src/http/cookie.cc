#include "http/cookie.h"

#include <string_view>

#include "core/text.h"

namespace latchkey::http {
namespace {

// RFC 9110 §5.6.2 tchar.
bool is_tchar(unsigned char c) {
  static constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         kExtra.find(static_cast<char>(c)) != std::string_view::npos;
}

// RFC 6265 §4.1.1 cookie-octet: visible US-ASCII except DQUOTE, ',', ';', '\'.
// '%' is excluded here too so that encoding stays reversible.
bool is_cookie_octet(unsigned char c) {
  return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\' && c != '%';
}

std::string_view canonical_same_site(std::string_view s) {
  auto iequals = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
  };
  if (iequals(s, "strict")) return "Strict";
  if (iequals(s, "none")) return "None";
  return "Lax";
}

}  // namespace

std::optional<std::string> cookie_value(std::string_view cookie_header, std::string_view name) {
  if (name.empty()) return std::nullopt;
  while (!cookie_header.empty()) {
    const auto semi = cookie_header.find(';');
    const std::string_view piece = cookie_header.substr(0, semi);
    cookie_header =
        semi == std::string_view::npos ? std::string_view() : cookie_header.substr(semi + 1);
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim_blanks(piece.substr(0, eq)) == name)
      return std::string(trim_blanks(piece.substr(eq + 1)));
  }
  return std::nullopt;
}

std::optional<std::string> cookie_value(const Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (key == "cookie")
      if (auto found = cookie_value(value, name)) return found;
  return std::nullopt;
}

std::string set_cookie_header(std::string_view name, std::string_view value,
                              const CookieOptions& options) {
  std::string out = percent_encode(name, is_tchar);
  out += '=';
  out += percent_encode(value, is_cookie_octet);
  out += "; Path=/";
  if (options.max_age)
    out += "; Max-Age=" + std::to_string(*options.max_age > 0 ? *options.max_age : 0);
  if (options.http_only) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  if (!options.same_site.empty()) {
    out += "; SameSite=";
    out += canonical_same_site(options.same_site);
  }
  return out;
}

std::string clear_cookie_header(std::string_view name, bool secure) {
  CookieOptions options;
  options.max_age = 0;
  options.secure = secure;
  return set_cookie_header(name, "", options);
}

}  // namespace latchkey::http
