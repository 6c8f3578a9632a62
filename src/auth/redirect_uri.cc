#include "auth/redirect_uri.h"

#include <optional>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace latchkey::auth {
namespace {

Status bad(const std::string& why) { return fail(invalid_params("Invalid redirect_uri: " + why, "invalid_redirect_uri")); }

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

namespace {

// Splits "http://<loopback literal>[:port]<rest>" into the authority without
// the port and the rest; nullopt when the URI is not of that form.
struct LoopbackParts {
  std::string_view host;
  std::string_view rest;
};

std::optional<LoopbackParts> loopback_parts(std::string_view uri) {
  constexpr std::string_view kScheme = "http://";
  if (!uri.starts_with(kScheme)) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  std::string_view host;
  if (uri.starts_with("127.0.0.1")) host = uri.substr(0, 9);
  else if (uri.starts_with("[::1]")) host = uri.substr(0, 5);
  else return std::nullopt;
  uri.remove_prefix(host.size());
  if (uri.starts_with(':')) {
    std::size_t n = 1;
    unsigned port = 0;
    while (n < uri.size() && n <= 5 && uri[n] >= '0' && uri[n] <= '9') port = port * 10 + unsigned(uri[n++] - '0');
    if (n == 1 || port == 0 || port > 65535 || uri[1] == '0') return std::nullopt;
    uri.remove_prefix(n);
  }
  if (!uri.empty() && uri.front() != '/' && uri.front() != '?') return std::nullopt;
  return LoopbackParts{host, uri};
}

}  // namespace

bool redirect_uri_matches(std::string_view registered, std::string_view requested) {
  if (registered == requested) return true;
  auto r = loopback_parts(registered);
  if (!r) return false;
  auto q = loopback_parts(requested);
  return q && q->host == r->host && q->rest == r->rest;
}

}  // namespace latchkey::auth
