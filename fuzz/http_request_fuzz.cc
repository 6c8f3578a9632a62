// libFuzzer target: arbitrary bytes through the server's request parser
// (src/http/request_parse.h drives Beast's parser with the server's limits and
// converts to a Request exactly as the server does), then through the
// access-log formatter, whose output must always be one line.
//
// Build (clang): link lk_http (which brings lk_core, Boost headers, OpenSSL,
// libsodium, Threads) with -fsanitize=fuzzer. Seeds: fuzz/corpus/http_request/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/access_log.h"
#include "http/request_parse.h"

namespace {

latchkey::http::Limits fuzz_limits() {
  latchkey::http::Limits limits;
  limits.header_bytes = 8192;
  limits.body_bytes = 16 * 1024;
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const latchkey::http::Limits limits = fuzz_limits();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto outcome = latchkey::http::parse_request(bytes, limits);

  if (outcome.status != 0 && outcome.status != 400 && outcome.status != 413 &&
      outcome.status != 431)
    std::abort();
  if (!outcome.complete) return 0;

  const auto& r = outcome.request;
  // Invariants the layers above rely on.
  if (r.body.size() > limits.body_bytes) std::abort();
  if (r.path.find('?') != std::string::npos) std::abort();
  if (r.target.compare(0, r.path.size(), r.path) != 0) std::abort();
  for (const auto& [name, value] : r.headers)
    for (char c : name)
      if (c >= 'A' && c <= 'Z') std::abort();

  latchkey::http::AccessLogEntry entry;
  entry.method = r.method;
  entry.path = r.path;
  entry.user_agent = r.header("user-agent").value_or("");
  entry.request_id = r.header("x-request-id").value_or("");
  const std::string line = latchkey::http::access_log_line(entry);
  if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) std::abort();
  return 0;
}
