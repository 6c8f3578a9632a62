// Transport-neutral request and response. The Beast server (server.h) turns
// wire bytes into a Request and a Response back into wire bytes; everything
// above src/http sees only these types, never Beast.
// Thread safety: plain value types.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
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
  // UUID v7 the server assigns when the header is read; the response carries it
  // as Request-Id unless the handler set one, and the audit trail records it.
  std::string id;
  // The Handler deferred the body (Handler::defers_body) and it has not been
  // read: `body` is empty. Only a CgiJob answer makes the server read it.
  bool body_deferred = false;

  // First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
      if (k == lower_name) return std::string_view(v);
    return std::nullopt;
  }
};

// A CGI/1.1 program (RFC 3875) that answers a request whose body the Handler
// deferred. The server then honours Expect: 100-continue, spools the request
// body (Content-Length or chunked, at most max_body_bytes, else 413) into an
// unlinked temporary file, runs argv[0] directly (no shell) with exactly `env`
// plus CONTENT_LENGTH (the spooled size; unset when the request has no body),
// stdin = that file, in its own process group, and streams its stdout to the
// client: the CGI header block (`Status:`, `Content-Type:`, others passed
// through; at most 64 KiB, malformed → 502) then the body with chunked
// transfer encoding, 64 KiB at a time, so server memory stays bounded.
// After time_limit (counted from the end of the request header, spooling
// included) the process group is killed: 504 if nothing was sent yet, else
// the response is cut short (no last chunk) and the connection closed. A
// client that goes away also gets the process group killed. Children are
// always reaped.
struct CgiJob {
  std::vector<std::string> argv;  // argv[0]: absolute path of the program
  std::vector<std::string> env;   // the child's whole environment, "NAME=value"
  std::string working_dir;        // empty: the server's
  std::string spool_dir;          // temporary body file; empty: $TMPDIR or /tmp
  std::uint64_t max_body_bytes = 0;
  std::chrono::milliseconds time_limit{600'000};
  // Diagnostics, on an I/O thread: each line the program writes to stderr and
  // the server's own notes about the job (cannot start, killed at the time
  // limit, exit status). Unset: the program's stderr goes to /dev/null.
  std::function<void(std::string_view line)> log;
  // Called once, on an I/O thread, after the program exited and was reaped,
  // before the last chunk of the response is written: its exit status, or -1
  // if it did not exit normally (killed at the time limit or because the
  // client went away, or by a signal). Not called when the program never
  // started (body over the cap, client gone while uploading, spawn failure).
  // Keep it short: hand work to another thread.
  std::move_only_function<void(int exit_status)> on_exit;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // ask the server to close the connection afterwards
  // Set: run this program instead of sending `body` (only for a request with
  // body_deferred or a bodiless request the Handler deferred). `status` and
  // `body` are ignored; `headers` are added to the program's, replacing
  // headers of the same name.
  std::shared_ptr<CgiJob> cgi;

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
// Thread safety: handle() and defers_body() are called concurrently from all
// I/O threads.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void handle(Request request, Respond respond) = 0;
  // Asked once the request header is read (`head` has no body). True: the
  // server calls handle() at once with the header only (body_deferred set
  // when a body follows), without the Limits::body_bytes cap, so the handler
  // decides first (authentication!). It answers either an ordinary Response —
  // the unread body is then never read and the connection closes after the
  // response — or a Response with a CgiJob, which streams the body. Must be
  // cheap: it runs for every request.
  virtual bool defers_body(const Request& head) const { return false; }
};

}  // namespace latchkey::http
