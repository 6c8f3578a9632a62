// Redirect-URI registration check and the authorization endpoint's match on
// arbitrary bytes: never crash; what registration accepts is https, or http on
// a loopback host, with no fragment, userinfo, whitespace or control
// characters; a match against a registered non-loopback URI is only the exact
// string, and against the loopback one only the same host and path.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/redirect_uri.h"

namespace {

void check_matches(std::string_view in) {
  using latchkey::auth::redirect_uri_matches;
  if (!redirect_uri_matches(in, in)) std::abort();
  if (redirect_uri_matches("https://app.example/cb", in) != (in == "https://app.example/cb")) std::abort();
  if (redirect_uri_matches("http://127.0.0.1/cb", in)) {
    // http://127.0.0.1[:port]/cb and nothing else.
    if (!in.starts_with("http://127.0.0.1") || !in.ends_with("/cb")) std::abort();
    const auto middle = in.substr(16, in.size() - 16 - 3);
    if (!middle.empty() && (middle.front() != ':' || middle.size() > 6)) std::abort();
    for (char c : middle.substr(middle.empty() ? 0 : 1))
      if (c < '0' || c > '9') std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  check_matches(in);
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
