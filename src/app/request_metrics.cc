#include "app/request_metrics.h"

#include <array>

#include "api/routes.h"
#include "git/git_handler.h"
#include "oauth/oauth_handler.h"
#include "web/web_handler.h"

namespace latchkey::app {
namespace {

constexpr std::string_view kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

// Paths the OAuth endpoints and pages answer exactly (OAuthHandler::serves,
// WebHandler::serves); anything else they serve is grouped by prefix below.
constexpr std::string_view kExact[] = {
    "/oauth/token", "/oauth/revoke", "/oauth/introspect", "/oauth/device_authorization",
    "/oauth/jwks", "/oauth/userinfo", "/auth", "/.well-known/oauth-authorization-server",
    "/.well-known/openid-configuration", "/", "/login", "/login/second-factor", "/logout",
    "/signup", "/reauth", "/oauth/authorize", "/device", "/device/decision", "/dashboard"};

constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
    {"/auth/cli/poll/", "/auth/cli/poll/{id}"},
    {"/auth/cli/browser/", "/auth/cli/browser/*"},
    {"/assets/", "/assets/*"},
    {"/dashboard/", "/dashboard/*"},
    {"/.well-known/", "/.well-known/*"},
};

std::string_view method_label(std::string_view m) {
  for (auto k : kMethods)
    if (k == m) return k;
  return "other";
}

}  // namespace

std::string route_class(std::string_view method, std::string_view path) {
  if (git::GitHandler::serves(path)) return "git";
  if (oauth::OAuthHandler::serves(path) || web::WebHandler::serves(path)) {
    for (auto p : kExact)
      if (p == path) return std::string(p);
    for (const auto& [prefix, label] : kPrefixes)
      if (path.starts_with(prefix)) return std::string(label);
    return "unmatched";
  }
  std::vector<std::string> params;
  bool path_exists = false;
  if (const auto* route = api::match_route(method, path, params, path_exists))
    return route->pattern;
  // A known path with another method (405): the first route with that path.
  if (path_exists)
    for (const auto& r : api::route_table())
      if (api::match_route(r.method, path, params, path_exists)) return r.pattern;
  return "unmatched";
}

void RequestMetrics::record(std::string_view method, std::string_view path, int status,
                            double seconds) {
  const std::string rc = route_class(method, path);
  registry_
      .counter("latchkey_http_requests_total", "HTTP responses by route class, method and status.",
               {{"route_class", rc},
                {"method", std::string(method_label(method))},
                {"status", std::to_string(status)}})
      .inc();
  registry_
      .histogram("latchkey_http_request_duration_seconds",
                 "Time from the request header to the response written, by route class.",
                 metrics::kLatencyBuckets, {{"route_class", rc}})
      .observe(seconds);
}

}  // namespace latchkey::app
