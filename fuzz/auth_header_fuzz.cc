// The Authorization header parser (Bearer / Basic) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  auto c = latchkey::http::parse_authorization(header);
  using K = latchkey::http::Credentials::Kind;
  if (c.kind == K::kBasic && c.user.find(':') != std::string::npos) __builtin_trap();
  if (c.kind == K::kNone) __builtin_trap();  // a present header is never "none"
  return 0;
}
