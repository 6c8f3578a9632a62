// Redirect-URI registration check on arbitrary bytes: never crashes, and what
// it accepts is https, or http on a loopback host, with no fragment, userinfo,
// whitespace or control characters.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/redirect_uri.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (!latchkey::auth::validate_redirect_uri(in)) return 0;
  const bool https = in.starts_with("https://");
  if (!https) {
    // http: the authority (up to '/' or '?') is a loopback host with an optional port.
    if (!in.starts_with("http://")) std::abort();
    std::string_view authority = in.substr(7, in.substr(7).find_first_of("/?"));
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos && authority.substr(colon).find(']') == std::string_view::npos)
      authority = authority.substr(0, colon);
    if (!latchkey::auth::is_loopback_host(authority)) std::abort();
  }
  for (unsigned char c : in)
    if (c <= 0x20 || c >= 0x7f || c == '#') std::abort();
  if (in.size() > latchkey::auth::kMaxRedirectUri) std::abort();
  return 0;
}
