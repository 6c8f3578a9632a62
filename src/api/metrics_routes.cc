// GET /metrics: the metrics registry in the Prometheus text format 0.0.4, for
// clients in metrics.allow (docs/operations.md#metrics); anyone else gets the
// same 404 as an unknown route, so the endpoint does not advertise itself.
// GET /debug/fault: a forced internal error for the black-box suite (S55),
// only with debug.fault_route; otherwise also a plain 404.
#include <stdexcept>

#include "api/handlers.h"
#include "http/cidr.h"
#include "http/client_ip.h"

namespace latchkey::api {
namespace {

constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";

Error no_route() { return not_found("route", "Couldn't find that route."); }

}  // namespace

Result<Reply> metrics_scrape(Services& s, Call& call) {
  if (!http::ip_in_list(call.info.ip, s.config.metrics.allow)) return fail(no_route());
  Reply r;
  r.body = s.metrics.render();
  r.headers.emplace_back("Content-Type", std::string(kPrometheusText));
  return r;
}

Result<Reply> debug_fault(Services& s, Call& call) {
  if (!s.config.debug.fault_route) return fail(no_route());
  // Internals that must stay in the log: SQL, a file path, a library version.
  constexpr std::string_view kDetail =
      "debug.fault_route: SELECT token_hash FROM authorizations WHERE id=? failed in "
      "/var/lib/latchkey/latchkey.db (SQLite 3.40.1)";
  const auto kind = call.request.query;
  if (kind == "kind=throw") throw std::runtime_error(std::string(kDetail));
  return fail(internal(std::string(kDetail)));
}

}  // namespace latchkey::api
