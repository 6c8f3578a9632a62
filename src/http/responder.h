// Internal to src/http: the bridge that lets a handler answer from any thread.
//
// For each request the session creates a ResponseSlot and hands the handler a
// Respond wrapping a Responder. Calling it stores the Response in the slot and
// posts a wake-up to the connection's strand, where the session waits on a
// timer used as an event. Exactly once: later calls are ignored, and a
// Responder destroyed without being called (handler bug, dropped job) fills
// the slot with a 500 so the connection is never stuck.
//
// Lifetime: the slot holds the connection weakly and the server's Liveness
// guard, so a Respond invoked after the connection or the whole Server is
// gone is a harmless no-op.
// Thread safety: ResponseSlot is internally locked; Connection fields are
// strand-only.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>
#include <mutex>
#include <optional>

#include "http/connection.h"
#include "http/message.h"

namespace latchkey::http::detail {

// Per-connection state reachable from outside the session coroutine.
class Connection {
 public:
  explicit Connection(boost::asio::any_io_executor strand) : strand(std::move(strand)) {}

  const boost::asio::any_io_executor strand;

  // --- strand only ---
  boost::beast::tcp_stream* stream = nullptr;  // lowest layer, while the session runs
  boost::asio::steady_timer* waiter = nullptr;  // while awaiting the handler
  bool idle = true;     // between requests (nothing received of the next one yet)
  bool killed = false;  // hard shutdown: stop at the next step
  int cgi_pid = 0;      // a running CgiJob's process (group) to kill on kill()

  void close_if_idle();
  void kill();
  void wake();
};

class ResponseSlot {
 public:
  ResponseSlot(std::weak_ptr<Connection> conn, std::shared_ptr<Liveness> life)
      : conn_(std::move(conn)), life_(std::move(life)) {}

  // From any thread. Only the first of deliver()/fail()/abandon() counts.
  void deliver(Response response);
  void fail();     // the handler threw or dropped Respond: answer 500
  void abandon();  // the connection stopped waiting

  enum class State { kWaiting, kResponded, kFailed, kAbandoned };
  // Moves the response out when state() == kResponded.
  State take(std::optional<Response>& out);

 private:
  bool settle(State s, std::optional<Response> response);
  void wake_connection();

  std::mutex mu_;
  State state_ = State::kWaiting;
  std::optional<Response> response_;
  const std::weak_ptr<Connection> conn_;
  const std::shared_ptr<Liveness> life_;
};

// The callable inside Respond. Move-only; the moved-from one is inert.
class Responder {
 public:
  explicit Responder(std::shared_ptr<ResponseSlot> slot) : slot_(std::move(slot)) {}
  Responder(Responder&& other) noexcept = default;
  Responder& operator=(Responder&&) = delete;
  ~Responder();

  void operator()(Response response);

 private:
  std::shared_ptr<ResponseSlot> slot_;
};

}  // namespace latchkey::http::detail
