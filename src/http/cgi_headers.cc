#include "http/cgi_headers.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"
#include "http/header_text.h"

namespace latchkey::http {
namespace {

using detail::iequals_ascii;
using detail::is_token;

// Field values: visible characters, SP, HTAB and obs-text; never CR, LF, NUL
// or other controls (RFC 9110 §5.5), so nothing can split the response.
bool is_field_value(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}


// "404 Not Found" → 404; 0 when not a 3-digit status from 200 to 599 (a CGI
// program cannot send an interim 1xx response).
int parse_status(std::string_view v) {
  if (v.size() < 3 || (v.size() > 3 && v[3] != ' ')) return 0;
  int code = 0;
  const auto [ptr, ec] = std::from_chars(v.data(), v.data() + 3, code);
  if (ec != std::errc() || ptr != v.data() + 3 || code < 200 || code > 599) return 0;
  return code;
}

CgiHead invalid(std::string problem) {
  CgiHead h;
  h.state = CgiHead::State::kInvalid;
  h.problem = std::move(problem);
  return h;
}

}  // namespace

CgiHead parse_cgi_headers(std::string_view bytes, std::size_t max_bytes) {
  CgiHead head;
  bool has_status = false;
  bool has_location = false;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos || nl >= max_bytes) {
      if (bytes.size() >= max_bytes) return invalid("header block larger than the limit");
      return head;  // kIncomplete
    }
    std::string_view line = bytes.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos = nl + 1;
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') return invalid("folded header line");
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return invalid("header line without ':'");
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_blanks(line.substr(colon + 1));
    if (!is_token(name)) return invalid("bad header name");
    if (!is_field_value(value)) return invalid("control character in a header value");
    if (iequals_ascii(name, "status")) {
      if (has_status) return invalid("more than one Status");
      has_status = true;
      head.status = parse_status(value);
      if (head.status == 0) return invalid("bad Status");
      continue;
    }
    if (iequals_ascii(name, "location")) {
      // A local redirect (a path: the server would have to serve it itself,
      // RFC 3875 §6.2.2) is not supported.
      if (value.empty() || value.front() == '/') return invalid("local redirect Location");
      has_location = true;
    }
    if (head.headers.size() >= kMaxCgiHeaderFields) return invalid("too many header fields");
    head.headers.emplace_back(std::string(name), std::string(value));
  }
  if (head.headers.empty() && !has_status) return invalid("empty header block");
  if (has_location && !has_status) head.status = 302;
  head.state = CgiHead::State::kComplete;
  head.body_offset = pos;
  return head;
}

}  // namespace latchkey::http
