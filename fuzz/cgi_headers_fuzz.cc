// libFuzzer target: the CGI header-block parser (src/http/cgi_headers.h),
// which reads what a CGI program (git http-backend) writes before its body.
// Input: first byte selects the size limit, the rest is program output.
// Never crashes; a complete block has a status from 200 to 599, a body
// offset inside the input and within the limit, at most kMaxCgiHeaderFields
// fields whose names are tokens and whose values carry no CR, LF or NUL (so a
// relayed header can never split the response); the answer does not change
// when more output is appended after a complete block, and an incomplete
// block is never longer than the limit.
//
// Build (clang): link lk_http with -fsanitize=fuzzer. Seeds: fuzz/corpus/cgi_headers/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/cgi_headers.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::http;
  if (size == 0) return 0;
  const std::size_t limit = data[0] < 128 ? kMaxCgiHeaderBytes : 16 + data[0];
  const std::string_view out(reinterpret_cast<const char*>(data) + 1, size - 1);

  const CgiHead head = parse_cgi_headers(out, limit);
  switch (head.state) {
    case CgiHead::State::kIncomplete:
      if (out.size() >= limit) std::abort();
      break;
    case CgiHead::State::kInvalid:
      if (head.problem.empty()) std::abort();
      break;
    case CgiHead::State::kComplete: {
      if (head.status < 200 || head.status > 599) std::abort();
      if (head.body_offset == 0 || head.body_offset > out.size() || head.body_offset > limit)
        std::abort();
      if (head.headers.size() > kMaxCgiHeaderFields) std::abort();
      for (const auto& [name, value] : head.headers) {
        if (name.empty() || name.find_first_of(": \t\r\n") != std::string::npos) std::abort();
        if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) std::abort();
      }
      const std::string more = std::string(out) + "trailing body bytes\r\n\r\n";
      const CgiHead again = parse_cgi_headers(more, limit);
      if (again.state != CgiHead::State::kComplete || again.status != head.status ||
          again.body_offset != head.body_offset || again.headers != head.headers)
        std::abort();
      break;
    }
  }
  return 0;
}
