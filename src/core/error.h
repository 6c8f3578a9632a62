// Error values for the whole codebase (STYLE.md principle 2).
//
// An Error carries a code (which decides the HTTP status, http_status() below,
// and the default Heroku error id, api/error_mapping.cc), an optional
// more specific Heroku/OAuth id (e.g. "password_too_short"), a message that is
// safe to show to the caller, and a detail that is for logs only.
// Thread safety: plain value type.
#pragma once

#include <string>
#include <utility>

namespace latchkey {

enum class ErrorCode {
  kBadRequest,          // 400 bad_request
  kUnauthorized,        // 401 unauthorized
  kForbidden,           // 403 forbidden
  kTwoFactor,           // 403 two_factor
  kNotFound,            // 404 not_found (+ resource)
  kMethodNotAllowed,    // 405 method_not_allowed
  kNotAcceptable,       // 406 not_acceptable
  kConflict,            // 409 conflict
  kGone,                // 410 gone
  kPayloadTooLarge,     // 413 payload_too_large
  kRangeNotSatisfiable, // 416 requested_range_not_satisfiable
  kInvalidParams,       // 422 invalid_params
  kRateLimited,         // 429 rate_limit
  kThrottled,           // 429 (login back-off; carries retry_after)
  kUnavailable,         // 503 service_unavailable (database down, pool full)
  kInternal,            // 500 internal_server_error (a bug)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string id;        // specific id; empty = the code's default id
  std::string message;   // shown to the caller
  std::string resource;  // for 404s: which resource was not found
  std::string detail;    // log only; may name internals, never secrets
  int retry_after = 0;   // seconds, for 429/503
  // 403 for a token whose scope is too narrow: the scope it needs, announced
  // as WWW-Authenticate: Bearer error="insufficient_scope" (RFC 6750 §3.1).
  std::string required_scope;

  Error() = default;
  Error(ErrorCode c, std::string msg) : code(c), message(std::move(msg)) {}
  Error(ErrorCode c, std::string specific_id, std::string msg)
      : code(c), id(std::move(specific_id)), message(std::move(msg)) {}
};

// The HTTP status of each code: the one table both the Platform API
// (api/error_mapping.cc, Heroku bodies) and the OAuth endpoints (OAuth bodies)
// answer with.
int http_status(ErrorCode code);

// Convenience constructors for the common cases.
Error not_found(std::string resource, std::string message = {});
Error invalid_params(std::string message, std::string id = {});
Error unavailable(std::string detail);
Error internal(std::string detail);

}  // namespace latchkey
