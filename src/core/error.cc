#include "core/error.h"

namespace latchkey {

Error not_found(std::string resource, std::string message) {
  if (message.empty()) message = "Couldn't find that " + resource + ".";
  Error e(ErrorCode::kNotFound, std::move(message));
  e.resource = std::move(resource);
  return e;
}

Error invalid_params(std::string message, std::string id) {
  return Error(ErrorCode::kInvalidParams, std::move(id), std::move(message));
}

Error unavailable(std::string detail) {
  Error e(ErrorCode::kUnavailable, "The service is temporarily unavailable. Please try again shortly.");
  e.detail = std::move(detail);
  e.retry_after = 5;
  return e;
}

Error internal(std::string detail) {
  Error e(ErrorCode::kInternal, "Internal server error.");
  e.detail = std::move(detail);
  return e;
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return 400;
    case ErrorCode::kUnauthorized: return 401;
    case ErrorCode::kForbidden:
    case ErrorCode::kTwoFactor: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kMethodNotAllowed: return 405;
    case ErrorCode::kNotAcceptable: return 406;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kGone: return 410;
    case ErrorCode::kPayloadTooLarge: return 413;
    case ErrorCode::kRangeNotSatisfiable: return 416;
    case ErrorCode::kInvalidParams: return 422;
    case ErrorCode::kRateLimited:
    case ErrorCode::kThrottled: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

}  // namespace latchkey
