// Internal to src/http: the small RFC 9110 character rules that both the wire
// layer (wire.cc) and the CGI header parser (cgi_headers.cc) apply.
// Thread safety: pure functions.
#pragma once

#include <algorithm>
#include <string_view>

namespace latchkey::http::detail {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

// RFC 9110 §5.6.2 token (header names, methods).
inline bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    return std::string_view("\"(),/:;<=>?@[\\]{}").find(c) == std::string_view::npos;
  });
}

}  // namespace latchkey::http::detail
