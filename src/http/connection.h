// Internal to src/http: what the listener (server.cc) shares with the
// per-connection sessions (connection.cc): options, the handler, the count and
// registry of open connections, the draining flag and the liveness guard.
//
// Lifetime: the Server owns one ServerContext and destroys it after its
// io_context, so every session (including those destroyed with the
// io_context) may use it. A session's Connection object lives as long as its
// coroutine; everything else holds it weakly.
// Thread safety: atomics and the registry mutex; Connection state is touched
// only on that connection's strand.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/random.h"
#include "http/server.h"

namespace latchkey::http::detail {

// Handlers may call Respond from any thread, even after the Server is gone.
// Posting to the io_context is only allowed while `alive` (checked under the
// shared lock); ~Server flips it under the exclusive lock before the
// io_context is destroyed.
struct Liveness {
  std::shared_mutex mu;
  bool alive = true;
};

class Connection;

struct ServerContext {
  ServerContext(const ServerOptions& o, Handler& h, Random& r)
      : options(o), handler(h), random(r), life(std::make_shared<Liveness>()) {}

  const ServerOptions& options;
  Handler& handler;
  Random& random;
  std::shared_ptr<Liveness> life;

  std::atomic<bool> draining{false};
  std::atomic<std::size_t> open{0};       // sessions counted against max_connections
  std::atomic<std::size_t> rejecting{0};  // connections being sent a 503

  // Asks every connection that is between requests to close (on its strand).
  void close_idle_connections();
  // Closes every connection and abandons responses still awaited.
  void close_all_connections();

  // Registry of open sessions (weak: a session owns itself).
  std::mutex mu;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_id = 0;
};

// Runs a session on the socket's executor: an io_context run by one I/O thread,
// so the connection's handlers are serialized as on a strand. `tls` null = plain HTTP.
// Counts the connection in ctx.open for its whole life.
void start_session(ServerContext& ctx, boost::asio::ip::tcp::socket socket,
                   boost::asio::ssl::context* tls);

// Over the connection cap: answers 503 (JSON, Retry-After: 1) and closes.
void start_rejection(ServerContext& ctx, boost::asio::ip::tcp::socket socket,
                     boost::asio::ssl::context* tls);

}  // namespace latchkey::http::detail
