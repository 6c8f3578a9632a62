// The HTTP/1.1 server (Boost.Beast + Asio, C++20 coroutines). Knows nothing
// about the application: it reads a request within the limits, calls
// Handler::handle, writes the response, repeats (keep-alive).
//
// Abuse limits live in the read loop (STYLE.md, Beast): a fresh parser per
// message, header limit → 431, declared or streamed body over the limit → 413
// before buffering, a header deadline, a body deadline, an idle deadline between
// keep-alive requests, and a cap on open connections (excess connections get a
// 503 and are closed).
//
// Shutdown: stop_accepting() closes the listener; drain(deadline) waits for
// in-flight requests to finish (idle keep-alive connections are closed at once),
// then cancels what is left.
// Thread safety: start() once; stop_accepting()/drain()/open_connections()
// from any thread, but drain() blocks, so call it from outside the I/O threads
// (on a one-thread server, from an I/O thread it would stop hard after
// deadline + 1.5 s). Destroy the Server only after run() has returned (or if it
// never ran). A Respond invoked after that is a no-op.
//
// Server-generated responses (431/413/400/503, and 500 when a handler throws or
// drops its Respond) are Heroku-style JSON {"id","message"} with a Request-Id
// (UUID v7) and Connection: close. Handler responses are written as given, but
// Content-Length/Transfer-Encoding/Connection are the server's, and headers
// with CR/LF/NUL are dropped. Expect: 100-continue is honoured.
//
// Bodies a Handler defers (Handler::defers_body) skip limits.body_bytes: the
// handler answers on the header, and a CgiJob answer streams the body to a
// program and its output back (message.h, cgi_relay.h) under the job's own
// body cap and time limit; server errors there are 413, 502 and 504.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "http/message.h"

namespace latchkey::http {

struct Limits {
  std::size_t header_bytes = 8192;
  std::size_t body_bytes = std::size_t{64} * 1024;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_connections = 10'000;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;  // 0 = pick a free port
  std::size_t threads = 2;
  Limits limits;
  std::string tls_cert_file;  // both empty = plain HTTP
  std::string tls_key_file;
  // One JSON line per request (no query string, no headers, no bodies); called
  // on an I/O thread after the response is written. Format: access_log.h.
  std::function<void(const std::string& line)> access_log;
  // Called once per response written (handler answers, CGI answers and the
  // server's own 4xx/5xx, including 503s to connections over the cap), on an
  // I/O thread: method and path (no query) as received, status, seconds since
  // the request header was read. For metrics; keep it cheap and bounded.
  std::function<void(std::string_view method, std::string_view path, int status, double seconds)>
      on_response;
  // SIGTERM/SIGINT: the first one calls on_shutdown (the app flips /readyz to
  // 503), stops accepting and drains for drain_timeout; a second one exits at
  // once (std::_Exit(130)). on_shutdown runs on an I/O thread: keep it short.
  bool handle_signals = true;
  std::chrono::milliseconds drain_timeout{30'000};
  std::function<void()> on_shutdown;
};

class Server {
 public:
  Server(ServerOptions options, Handler& handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::runtime_error on
  // failure (startup only).
  unsigned short start();
  // Runs the I/O threads; returns after shutdown completed.
  void run();
  // Closes the listener; idle connections close; in-flight requests finish.
  void stop_accepting();
  // After stop_accepting(): waits up to `deadline` for in-flight requests, then
  // cancels the rest and stops the I/O threads so run() returns.
  void drain(std::chrono::milliseconds deadline);
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace latchkey::http
