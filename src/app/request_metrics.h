// Per-request metrics: latchkey_http_requests_total{route_class,method,status}
// and latchkey_http_request_duration_seconds{route_class}, fed by the server's
// on_response hook (http::ServerOptions).
//
// route_class is a bounded label: the Platform API route's template
// ("/apps/{app}"), a fixed OAuth/page path, a family ("/dashboard/*", "git"),
// or "unmatched" — never the raw path. method is one of the standard methods
// or "other".
// Thread safety: record() is called concurrently from the I/O threads.
#pragma once

#include <string>
#include <string_view>

#include "core/metrics.h"

namespace latchkey::app {

// The route class of a request path (see above).
std::string route_class(std::string_view method, std::string_view path);

class RequestMetrics {
 public:
  explicit RequestMetrics(metrics::Registry& registry) : registry_(registry) {}
  void record(std::string_view method, std::string_view path, int status, double seconds);

 private:
  metrics::Registry& registry_;
};

}  // namespace latchkey::app
