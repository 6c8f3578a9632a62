// Transport-neutral request and response. The Beast server (server.h) turns
// wire bytes into a Request and a Response back into wire bytes; everything
// above src/http sees only these types, never Beast.
// Thread safety: plain value types.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request-target, e.g. "/oauth/authorizations?x=1"
  std::string path;    // target up to '?', not percent-decoded
  std::string query;   // after '?', without it; may be empty
  // Header names are lower-cased; order and duplicates preserved.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_addr;  // peer IP as text
  bool secure = false;      // arrived over TLS

  // First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return std::string_view(v);
    return std::nullopt;
  }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // ask the server to close the connection afterwards

  // Replaces any header of this name (case-insensitive match on names we set).
  void set(std::string name, std::string value) {
    for (auto& [k, v] : headers)
      if (k == name) {
        v = std::move(value);
        return;
      }
    headers.emplace_back(std::move(name), std::move(value));
  }
  std::optional<std::string_view> get(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return std::string_view(v);
    return std::nullopt;
  }
};

// Called exactly once per request, from any thread; the server hops back to the
// connection's executor itself.
using Respond = std::move_only_function<void(Response)>;

// The application behind the server.
// Thread safety: handle() is called concurrently from all I/O threads.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void handle(Request request, Respond respond) = 0;
};

}  // namespace latchkey::http
