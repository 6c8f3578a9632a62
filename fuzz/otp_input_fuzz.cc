// User-typed MFA input on arbitrary bytes: base32 secrets (enrolment, import)
// and recovery codes. Invariants: no crash; what decodes re-encodes to the same
// bytes; a normalised recovery code is a fixed point of normalisation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/recovery_codes.h"
#include "auth/totp.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (auto bytes = latchkey::auth::base32_decode(input)) {
    auto again = latchkey::auth::base32_decode(latchkey::auth::base32_encode(*bytes));
    if (!again || *again != *bytes) __builtin_trap();
  }
  if (auto code = latchkey::auth::normalize_recovery_code(input)) {
    if (code->size() != latchkey::auth::kRecoveryCodeSymbols) __builtin_trap();
    auto twice = latchkey::auth::normalize_recovery_code(*code);
    if (!twice || *twice != *code) __builtin_trap();
    static const latchkey::auth::SecretBox box(latchkey::auth::SecretBox::Key{});
    if (latchkey::auth::hash_recovery_code(box, *code).size() != 64) __builtin_trap();
  }
  (void)latchkey::auth::verify_totp(input.substr(0, 20), input, 1'700'000'000, -1);
  return 0;
}
