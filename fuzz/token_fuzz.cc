// libFuzzer target for the token parser and the helpers that see raw bearer
// strings from the network (STYLE.md principle 9). Seeds: fuzz/corpus/token/.
// Build: link with lk_auth (and lk_core), -fsanitize=fuzzer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/token.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  if (const auto kind = parse_token(input)) {
    // Anything accepted has the documented shape.
    check(input.size() == kTokenLength);
    check(input.starts_with(token_prefix(*kind)));
  }

  // Redaction never reveals more than the first 8 and last 4 characters.
  const std::string redacted = redact_token(input);
  check(redacted.find("**********") != std::string::npos);
  check(redacted.size() <= 8 + 10 + 4);

  const std::string hash = hash_token(input);
  check(hash.size() == 64);
  check(hash.find_first_not_of("0123456789abcdef") == std::string::npos);

  (void)crc32(input);
  return 0;
}
