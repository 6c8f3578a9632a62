// Access-log lines and the JSON string escaping they (and the server's own
// error bodies) need. No Beast here: this is plain text formatting, shared by
// the server and the request fuzz target.
//
// A line carries no query string, no headers other than User-Agent and no
// bodies: those may hold secrets (tokens in query strings, passwords in forms).
// Thread safety: pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/json_text.h"

namespace latchkey::http {

struct AccessLogEntry {
  std::chrono::system_clock::time_point ts;
  std::string_view remote;
  std::string_view method;
  std::string_view path;  // without the query string: the caller strips it
  int status = 0;
  std::size_t bytes = 0;  // response body bytes written
  double duration_ms = 0;
  std::string_view request_id;
  std::string_view user_agent;
};

// One JSON object, no trailing newline:
// {"ts":"…","remote":"…","method":"…","path":"…","status":200,"bytes":N,
//  "duration_ms":1.234,"request_id":"…","user_agent":"…"}
std::string access_log_line(const AccessLogEntry& entry);

// Fields are quoted with latchkey::append_json_string (core/json_text.h): always
// valid JSON and UTF-8 (RFC 8259 §8.1), whatever the client sent.
using latchkey::append_json_string;

// RFC 3339 timestamp in UTC with milliseconds, e.g. "2024-05-01T12:00:00.123Z".
std::string rfc3339_utc(std::chrono::system_clock::time_point ts);

}  // namespace latchkey::http
