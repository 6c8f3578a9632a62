// Device user-code normalisation (RFC 8628 §6.1) on arbitrary bytes: never
// crashes, and anything accepted is 8 alphabet characters that normalise to
// themselves, in display form too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "auth/user_code.h"

namespace {

void check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::auth;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto code = normalize_user_code(input);
  if (!code) return 0;
  check(input.size() <= kMaxUserCodeInput);
  check(code->size() == kUserCodeLength);
  check(code->find_first_not_of(kUserCodeAlphabet) == std::string::npos);
  check(normalize_user_code(*code) == code);
  const std::string display = format_user_code(*code);
  check(display.size() == kUserCodeLength + 1 && display[4] == '-');
  check(normalize_user_code(display) == code);
  return 0;
}
