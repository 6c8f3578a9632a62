#include "auth/redirect_uri.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace latchkey::auth {
namespace {

Status bad(std::string why) { return fail(invalid_params("Invalid redirect_uri: " + why, "invalid_redirect_uri")); }

}  // namespace

bool is_loopback_host(std::string_view host) {
  return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

Status validate_redirect_uri(std::string_view uri) {
  if (uri.empty()) return bad("it is empty.");
  if (uri.size() > kMaxRedirectUri) return bad("it is longer than 2000 characters.");
  for (unsigned char c : uri)
    if (c <= 0x20 || c >= 0x7f) return bad("it contains spaces, control or non-ASCII characters.");
  auto parsed = boost::urls::parse_absolute_uri(uri);
  if (!parsed) return bad("it is not an absolute URI.");
  const boost::urls::url_view& u = *parsed;
  if (u.has_userinfo()) return bad("it must not contain a user name or password.");
  // A fragment cannot be checked by parse_absolute_uri's grammar; refuse '#' outright.
  if (uri.find('#') != std::string_view::npos) return bad("it must not contain a fragment.");
  if (!u.has_authority() || u.encoded_host().empty()) return bad("it must name a host.");
  // Cross-check the authority by hand: Boost.URL 1.81 reads
  // "http://127.0.0.1.evil.com/cb" as host 127.0.0.1 with path ".evil.com/cb".
  // The authority ends at the first '/', '?' or the end, and a path after an
  // authority starts with '/' (RFC 3986 §3.3 path-abempty).
  const auto start = uri.find("://");
  if (start == std::string_view::npos) return bad("it must name a host.");
  const std::string_view rest = uri.substr(start + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
  if (authority != u.encoded_authority()) return bad("its host could not be read unambiguously.");
  if (!u.encoded_path().empty() && u.encoded_path().front() != '/')
    return bad("its host could not be read unambiguously.");
  const std::string_view scheme = u.scheme();
  const std::string_view host = u.encoded_host();  // IPv6 literals keep their brackets
  if (scheme == "https") return {};
  if (scheme == "http") {
    if (is_loopback_host(host)) return {};
    return bad("http is only allowed on a loopback host (127.0.0.1, [::1], localhost); use https.");
  }
  return bad("the scheme must be https (or http on a loopback host).");
}

}  // namespace latchkey::auth
