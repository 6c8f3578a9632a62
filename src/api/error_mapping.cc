#include "api/error_mapping.h"

#include <boost/json.hpp>

namespace latchkey::api {

int status_for(ErrorCode code) { return http_status(code); }

std::string default_id(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kTwoFactor: return "two_factor";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kNotAcceptable: return "not_acceptable";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kGone: return "gone";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kRangeNotSatisfiable: return "requested_range_not_satisfiable";
    case ErrorCode::kInvalidParams: return "invalid_params";
    case ErrorCode::kRateLimited:
    case ErrorCode::kThrottled: return "rate_limit";
    case ErrorCode::kUnavailable: return "service_unavailable";
    case ErrorCode::kInternal: return "internal_server_error";
  }
  return "internal_server_error";
}

http::Response error_response(const Error& error) {
  boost::json::object body;
  body["id"] = error.id.empty() ? default_id(error.code) : error.id;
  body["message"] = error.message.empty() ? std::string("Request failed.") : error.message;
  if (!error.resource.empty()) body["resource"] = error.resource;
  http::Response r;
  r.status = status_for(error.code);
  r.body = boost::json::serialize(body);
  r.set("Content-Type", "application/json; charset=utf-8");
  if (error.retry_after > 0 && (r.status == 429 || r.status == 503))
    r.set("Retry-After", std::to_string(error.retry_after));
  if (!error.required_scope.empty() && r.status == 403)
    r.set("WWW-Authenticate",
          "Bearer error=\"insufficient_scope\", scope=\"" + error.required_scope + "\"");
  return r;
}

}  // namespace latchkey::api
