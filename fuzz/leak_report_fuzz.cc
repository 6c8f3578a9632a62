// Leaked-token reports (POST /token-leaks bodies) on arbitrary bytes: the parser
// must answer a value or an error, within its entry cap, and the token checks
// it leads to (parse_token, redact_token) must accept any string it yields.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/leak_report.h"
#include "auth/token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto reports = latchkey::api::parse_leak_report(body, 8);
  if (!reports) return 0;
  if (reports->size() > 8) std::abort();
  for (const auto& r : *reports) {
    if (r.token.size() > latchkey::api::kLeakTokenMaxChars) std::abort();
    (void)latchkey::auth::parse_token(r.token);
    (void)latchkey::auth::redact_token(r.token);
  }
  return 0;
}
