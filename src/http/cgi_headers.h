// The header block a CGI program writes before its body (RFC 3875 §6.2-6.3):
// `Name: value` lines ended by LF or CRLF, then an empty line. `Status: NNN
// reason` sets the status (default 200; a `Location:` with an absolute URL
// and no Status means 302). The program is trusted code but its output is
// still bytes from another process: the block is bounded, every line must be
// a well-formed field, and anything else is refused (the server answers 502).
// The fuzz target fuzz/cgi_headers_fuzz.cc drives this parser.
// Thread safety: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::http {

inline constexpr std::size_t kMaxCgiHeaderBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kMaxCgiHeaderFields = 100;

struct CgiHead {
  enum class State { kIncomplete, kComplete, kInvalid } state = State::kIncomplete;
  int status = 200;
  // Fields other than Status, names as sent, values trimmed, in order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t body_offset = 0;  // kComplete: where the body starts in the input
  std::string problem;          // kInvalid: what is wrong (for the log)
};

// Parses the block at the start of `bytes` (all output read so far).
// kIncomplete: no empty line yet and fewer than `max_bytes` bytes; call again
// with more. Running out of input for good (EOF) while incomplete is invalid.
CgiHead parse_cgi_headers(std::string_view bytes, std::size_t max_bytes = kMaxCgiHeaderBytes);

}  // namespace latchkey::http
