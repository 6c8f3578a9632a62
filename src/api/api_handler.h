// The application behind the HTTP server: request ids, the Heroku v3 Accept
// check, authentication, scopes, rate limits, dispatch through the route table,
// offloading of Argon2-heavy routes to the hashing pool, error mapping, and the
// headers every response carries (Request-Id, RateLimit-Remaining, ETag/304,
// Cache-Control: no-store, nosniff).
// Thread safety: handle() is called concurrently from all I/O threads.
#pragma once

#include <functional>
#include <string>

#include "api/routes.h"
#include "http/message.h"

namespace latchkey::api {

class ApiHandler final : public http::Handler {
 public:
  // `log_error` receives one line per 5xx (the Error's log-only detail).
  ApiHandler(Services services, std::function<void(const std::string&)> log_error);

  void handle(http::Request request, http::Respond respond) override;

 private:
  struct Pending;
  void run(Pending& pending);
  Status authenticate_password(Pending& pending);
  Status enrolment_gate(const Pending& pending) const;
  http::Response finish(Pending& pending, Result<Reply> reply);

  Services services_;
  std::function<void(const std::string&)> log_error_;
  metrics::Counter& db_errors_;
  metrics::Counter& hash_rejected_;
};

}  // namespace latchkey::api
