// The ONE place where an Error becomes an HTTP status and a Heroku-style body
// {"id","message"} (+ "resource" on 404s, Retry-After on 429/503).
#pragma once

#include "core/error.h"
#include "http/message.h"

namespace latchkey::api {

int status_for(ErrorCode code);
std::string default_id(ErrorCode code);
http::Response error_response(const Error& error);

}  // namespace latchkey::api
