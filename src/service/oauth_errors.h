// OAuth 2.0 error values (RFC 6749 §5.2, RFC 8628 §3.5, RFC 7009): an Error
// whose `id` is the OAuth error code. The oauth endpoints render them as
// {"error","error_description"}; the status follows the ErrorCode.
#pragma once

#include <string>

#include "core/error.h"

namespace latchkey::service {

inline Error oauth_error(ErrorCode code, std::string error, std::string description) {
  return Error(code, std::move(error), std::move(description));
}
inline Error invalid_request(std::string d) { return oauth_error(ErrorCode::kBadRequest, "invalid_request", std::move(d)); }
inline Error invalid_grant(std::string d) { return oauth_error(ErrorCode::kBadRequest, "invalid_grant", std::move(d)); }
inline Error invalid_scope(std::string d) { return oauth_error(ErrorCode::kBadRequest, "invalid_scope", std::move(d)); }
inline Error unauthorized_client(std::string d) { return oauth_error(ErrorCode::kBadRequest, "unauthorized_client", std::move(d)); }
inline Error invalid_client(std::string d) { return oauth_error(ErrorCode::kUnauthorized, "invalid_client", std::move(d)); }

}  // namespace latchkey::service
