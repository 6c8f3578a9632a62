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

}  // namespace latchkey
