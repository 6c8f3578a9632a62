// libFuzzer target for what the CLI does with the otpauth:// URI a server
// sends at enrolment (src/cli/otpauth.h, src/core/qr_code.h). Properties
// checked on every input:
//   1. otpauth_account never crashes and returns no control characters;
//   2. a text encode_qr accepts gives a square symbol of a valid version
//      (17 + 4v modules, v in 1..40) with the three finder-pattern corners dark;
//   3. qr_svg with the input as label adds no markup (exactly the four tags),
//      and qr_terminal has (size + 2q + 1) / 2 lines.
// A violated property calls __builtin_trap() so the fuzzer records the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cli/otpauth.h"
#include "core/qr_code.h"

namespace {

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool printable(std::string_view s) {
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  latchkey::cli::OtpauthAccount names = latchkey::cli::otpauth_account(text);
  check(printable(names.issuer) && printable(names.account));

  auto qr = latchkey::encode_qr(text);
  if (!qr) return 0;
  check((qr->size - 17) % 4 == 0 && qr->size >= 21 && qr->size <= 177);
  check(qr->modules.size() == static_cast<std::size_t>(qr->size) * static_cast<std::size_t>(qr->size));
  check(qr->dark(0, 0) && qr->dark(qr->size - 1, 0) && qr->dark(0, qr->size - 1));

  std::string svg = latchkey::qr_svg(*qr, text);
  check(std::count(svg.begin(), svg.end(), '<') == 4);
  std::string terminal = latchkey::qr_terminal(*qr);
  check(std::count(terminal.begin(), terminal.end(), '\n') == (qr->size + 4 + 1) / 2);
  return 0;
}
