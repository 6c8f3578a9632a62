#include "http/access_log.h"

#include "core/json_text.h"

#include <cstdint>
#include <cstdio>
#include <ctime>

namespace latchkey::http {
namespace {

// User agents are attacker-chosen; bound what one request can put in the log.
constexpr std::size_t kMaxUserAgentBytes = 512;

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

std::string rfc3339_utc(std::chrono::system_clock::time_point ts) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(ts.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  (void)std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string access_log_line(const AccessLogEntry& e) {
  std::string out;
  out.reserve(256);
  out += "{\"ts\":";
  append_json_string(out, rfc3339_utc(e.ts));
  append_field(out, "remote", e.remote);
  append_field(out, "method", e.method);
  append_field(out, "path", e.path);
  char num[64];
  (void)std::snprintf(num, sizeof num, ",\"status\":%d,\"bytes\":%zu,\"duration_ms\":%.3f", e.status,
                e.bytes, e.duration_ms < 0 ? 0.0 : e.duration_ms);
  out += num;
  append_field(out, "request_id", e.request_id);
  append_field(out, "user_agent", e.user_agent.substr(0, kMaxUserAgentBytes));
  out += '}';
  return out;
}

}  // namespace latchkey::http
