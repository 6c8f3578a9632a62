// One coroutine per connection: read a request within the limits, hand it to
// the Handler, wait for its Response, write it, repeat while keep-alive. Plain
// TCP and TLS share the code through the Stream template parameter. A request
// whose body the Handler defers (Handler::defers_body) is answered before its
// body is read; a CgiJob answer goes to cgi_relay.cc.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <exception>
#include <string>
#include <type_traits>
#include <vector>

#include "http/access_log.h"
#include "http/cgi_relay.h"
#include "http/connection.h"
#include "http/responder.h"
#include "http/wire.h"

namespace latchkey::http::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using std::chrono::steady_clock;

namespace {

template <class S>
constexpr bool kIsTls = std::is_same_v<S, TlsStream>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kIdleReadBytes = 4096;
// Lingering close (RFC 9112 §9.6): after our last response keep reading what
// the client is still sending for a moment, so closing does not reset the
// connection and destroy the response before the client reads it.
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = std::size_t{256} * 1024;
// Excess connections beyond this many already being refused are dropped
// without a 503 body: refusing must stay cheaper than serving.
constexpr std::size_t kMaxRejecting = 64;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Registers a session in the ServerContext for as long as its coroutine frame
// exists (also when the frame is destroyed unrun with the io_context).
class Registration {
 public:
  Registration(ServerContext& ctx, std::shared_ptr<Connection> conn)
      : ctx_(&ctx), conn_(std::move(conn)) {
    ctx.open.fetch_add(1);
    std::lock_guard lock(ctx.mu);
    id_ = ctx.next_id++;
    ctx.connections.emplace(id_, conn_);
  }
  Registration(Registration&& o) noexcept
      : ctx_(std::exchange(o.ctx_, nullptr)), conn_(std::move(o.conn_)), id_(o.id_) {}
  Registration& operator=(Registration&&) = delete;
  ~Registration() {
    if (!ctx_) return;
    {
      std::lock_guard lock(ctx_->mu);
      ctx_->connections.erase(id_);
    }
    ctx_->open.fetch_sub(1);
  }
  Connection& conn() const { return *conn_; }
  const std::shared_ptr<Connection>& shared() const { return conn_; }

 private:
  ServerContext* ctx_;
  std::shared_ptr<Connection> conn_;
  std::uint64_t id_ = 0;
};

// Strand-only pointers into a coroutine frame must not outlive it.
struct DetachOnExit {
  Connection& conn;
  ~DetachOnExit() {
    conn.stream = nullptr;
    conn.waiter = nullptr;
  }
};

asio::awaitable<bool> handshake(PlainStream&, const Limits&) { co_return true; }

asio::awaitable<bool> handshake(TlsStream& stream, const Limits& limits) {
  beast::get_lowest_layer(stream).expires_after(limits.header_timeout);
  auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  co_return !ec;
}

asio::awaitable<void> finish(PlainStream& stream, bool linger) {
  if (linger) {
    boost::system::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    stream.expires_after(kLingerTime);
    std::vector<char> scratch(8192);
    for (std::size_t total = 0; total < kLingerBytes;) {
      auto [rec, n] = co_await stream.async_read_some(asio::buffer(scratch), kNoThrow);
      if (rec) break;
      total += n;
    }
  }
  stream.close();
}

asio::awaitable<void> finish(TlsStream& stream, bool linger) {
  if (linger) {
    beast::get_lowest_layer(stream).expires_after(kLingerTime);
    co_await stream.async_shutdown(kNoThrow);  // close_notify (RFC 8446 §6.1)
  }
  beast::get_lowest_layer(stream).close();
}

double ms_since(steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(steady_clock::now() - start).count();
}

void log_access(const ServerContext& ctx, std::string_view remote, const RequestMeta& meta,
                int status, std::size_t bytes, std::string_view request_id) {
  if (ctx.options.on_response)
    ctx.options.on_response(meta.method, wire::path_of(meta.target), status, ms_since(meta.start) / 1000);
  if (!ctx.options.access_log) return;
  ctx.options.access_log(access_log_line({.ts = std::chrono::system_clock::now(),
                                          .remote = remote,
                                          .method = meta.method,
                                          .path = wire::path_of(meta.target),
                                          .status = status,
                                          .bytes = bytes,
                                          .duration_ms = ms_since(meta.start),
                                          .request_id = request_id,
                                          .user_agent = meta.user_agent}));
}

// Writes a server-generated error (431/413/400/502/503/504/500) and logs it.
// The caller closes the connection afterwards.
template <class Stream>
asio::awaitable<void> send_error(ServerContext& ctx, Stream& stream, int status,
                                 const RequestMeta& meta, std::string_view remote,
                                 std::string request_id = {}) {
  if (request_id.empty()) request_id = meta.request_id.empty() ? new_uuid(ctx.random) : meta.request_id;
  Response r = wire::error_for_status(status, request_id);
  if constexpr (kIsTls<Stream>) r.set("Strict-Transport-Security", std::string(wire::kHsts));
  const std::size_t bytes = r.body.size();
  auto out = wire::to_beast_response(std::move(r), 11, false, false);
  beast::get_lowest_layer(stream).expires_after(ctx.options.limits.header_timeout);
  co_await bhttp::async_write(stream, out, kNoThrow);
  log_access(ctx, remote, meta, status, bytes, request_id);
}

// Calls the handler and waits on the strand until it responds. nullopt when
// the connection was killed first (hard shutdown).
asio::awaitable<std::optional<Response>> call_handler(ServerContext& ctx,
                                                      std::shared_ptr<Connection> conn,
                                                      Request request) {
  auto slot = std::make_shared<ResponseSlot>(conn, ctx.life);
  asio::steady_timer waiter(co_await asio::this_coro::executor, steady_clock::time_point::max());
  conn->waiter = &waiter;
  struct ClearWaiter {
    Connection& conn;
    ~ClearWaiter() { conn.waiter = nullptr; }
  } clear_waiter{*conn};
  try {
    ctx.handler.handle(std::move(request), Respond(Responder(slot)));
  } catch (...) {
    slot->fail();
  }
  std::optional<Response> response;
  for (;;) {
    // Re-check before every wait: a wake-up posted before the wait started
    // runs only after it (same strand), so none is lost.
    const auto state = slot->take(response);
    if (state == ResponseSlot::State::kResponded) break;
    if (state == ResponseSlot::State::kFailed) {
      response = wire::error_for_status(500, new_uuid(ctx.random));
      break;
    }
    if (conn->killed) {
      slot->abandon();
      break;
    }
    co_await waiter.async_wait(kNoThrow);
  }
  co_return response;
}

// Writes a handler's Response. Returns whether the connection stays open.
template <class Stream>
asio::awaitable<bool> write_response(ServerContext& ctx, Connection& conn, Stream& stream,
                                     Response response, const RequestMeta& meta,
                                     const std::string& remote) {
  // While draining, in-flight responses announce the close (RFC 9112 §9.6).
  const bool keep_alive = meta.keep_alive && !wire::asks_close(response) && !ctx.draining;
  std::string request_id;
  for (const auto& [k, v] : response.headers)
    if (beast::iequals(k, "request-id")) request_id = v;
  if (request_id.empty() && !meta.request_id.empty()) {
    request_id = meta.request_id;
    response.headers.emplace_back("Request-Id", request_id);
  }
  // Every answer over TLS carries HSTS (S24), whichever layer produced it.
  if constexpr (kIsTls<Stream>)
    if (!response.get("Strict-Transport-Security"))
      response.set("Strict-Transport-Security", std::string(wire::kHsts));
  auto out = wire::to_beast_response(std::move(response), meta.version, keep_alive, meta.head);

  beast::get_lowest_layer(stream).expires_after(ctx.options.limits.body_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream, out, kNoThrow);
  log_access(ctx, remote, meta, static_cast<int>(out.result_int()), out.body().size(),
             request_id);
  co_return keep_alive && !ec && !conn.killed;
}

// Serves one fully read request. Returns whether the connection stays open.
template <class Stream>
asio::awaitable<bool> serve(ServerContext& ctx, std::shared_ptr<Connection> conn, Stream& stream,
                            Request request, const RequestMeta& meta, const std::string& remote) {
  auto response = co_await call_handler(ctx, conn, std::move(request));
  if (!response) co_return false;
  // A CgiJob needs a deferred body (Handler::defers_body): a handler bug.
  if (response->cgi) response = wire::error_for_status(500, meta.request_id);
  co_return co_await write_response(ctx, *conn, stream, std::move(*response), meta, remote);
}

// Serves a request whose body the handler deferred: the handler answers on
// the header alone; an ordinary answer is written without reading the body
// (the connection then closes), a CgiJob is relayed. Returns whether the
// connection stays open.
template <class Stream>
asio::awaitable<bool> serve_deferred(ServerContext& ctx, std::shared_ptr<Connection> conn,
                                     Stream& stream, beast::flat_buffer& buffer,
                                     wire::RequestParser& parser, Request request,
                                     const RequestMeta& meta, const std::string& remote) {
  request.body_deferred = !parser.is_done();
  auto response = co_await call_handler(ctx, conn, std::move(request));
  if (!response) co_return false;
  if (!response->cgi) {
    if (!parser.is_done()) response->close = true;  // its body is never read
    co_return co_await write_response(ctx, *conn, stream, std::move(*response), meta, remote);
  }
  const std::shared_ptr<CgiJob> job = std::move(response->cgi);
  const RelayOutcome outcome =
      co_await relay_cgi(ctx, conn, stream, buffer, parser, *job, *response, meta);
  if (outcome.error_status != 0) {
    if (!conn->killed)
      co_await send_error(ctx, stream, outcome.error_status, meta, remote, outcome.request_id);
    co_return false;
  }
  if (outcome.status != 0)
    log_access(ctx, remote, meta, outcome.status, outcome.bytes, outcome.request_id);
  co_return outcome.keep_alive;
}

// Bytes of a request waiting in the kernel (not read yet).
bool has_unread_bytes(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  return stream.socket().available(ec) > 0 && !ec;
}

template <class Stream>
asio::awaitable<void> run_session(ServerContext& ctx, Registration reg, Stream stream,
                                  std::string remote) {
  Connection& conn = reg.conn();
  auto& lowest = beast::get_lowest_layer(stream);
  conn.stream = &lowest;
  DetachOnExit detach{conn};
  const Limits& limits = ctx.options.limits;
  bool linger = false;
  beast::flat_buffer buffer;
  if (!ctx.draining && co_await handshake(stream, limits)) {
    for (bool first = true;; first = false) {
      conn.idle = true;
      if (conn.killed) break;
      // While draining, a keep-alive connection closes after its response (which
      // said Connection: close), but a new connection whose first request has
      // already arrived is served: the client sent it before we stopped.
      if (ctx.draining && (!first || (buffer.size() == 0 && !has_unread_bytes(lowest)))) break;
      if (!first && buffer.size() == 0) {
        // Keep-alive: wait for the first byte of the next request.
        lowest.expires_after(limits.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kIdleReadBytes), kNoThrow);
        if (ec) break;
        buffer.commit(n);
      }
      wire::RequestParser parser;  // fresh per message
      wire::configure_parser(parser, limits);
      lowest.expires_after(limits.header_timeout);
      auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      conn.idle = false;
      RequestMeta meta = request_meta(parser.get());
      meta.request_id = new_uuid(ctx.random);
      auto ec = hec;
      // Beast's header_limit holds for one long field but lets many short ones
      // past it (measured: 1,500 8-byte fields accepted under an 8 KiB limit).
      if (!ec && hn > limits.header_bytes) ec = bhttp::error::header_limit;  // → 431
      if (!ec && wire::unsupported_transfer_coding(parser.get()))
        ec = bhttp::error::bad_transfer_encoding;  // → 400
      if (!ec) {
        Request request = wire::to_request_head(parser.get(), remote, kIsTls<Stream>);
        request.id = meta.request_id;
        if (ctx.handler.defers_body(request)) {
          if (!co_await serve_deferred(ctx, reg.shared(), stream, buffer, parser,
                                       std::move(request), meta, remote)) {
            linger = !conn.killed;
            break;
          }
          continue;
        }
        ec = wire::limit_body(parser, limits.body_bytes);
        if (!ec && !parser.is_done()) {
          if (meta.expects_continue)
            co_await asio::async_write(stream, asio::buffer(kContinue), kNoThrow);
          lowest.expires_after(limits.body_timeout);
          auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
          ec = bec;
        }
        if (!ec) {
          request.body = std::move(parser.get().body());
          if (!co_await serve(ctx, reg.shared(), stream, std::move(request), meta, remote)) {
            linger = !conn.killed;
            break;
          }
          continue;
        }
      }
      if (const int status = wire::status_for_read_error(ec); status != 0 && !conn.killed) {
        co_await send_error(ctx, stream, status, meta, remote);
        linger = true;
      }
      break;
    }
  }
  conn.idle = true;  // a lingering close may be cut short by shutdown
  if (!conn.killed && !ctx.draining) co_await finish(stream, linger);
  lowest.close();
}

std::string peer_ip(const asio::ip::tcp::socket& socket) {
  boost::system::error_code ec;
  auto address = socket.remote_endpoint(ec).address();
  if (ec) return {};
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return address.to_string();
}

template <class Stream>
asio::awaitable<void> run_rejection(ServerContext& ctx, Stream stream, std::string remote) {
  struct Count {
    ServerContext& ctx;
    ~Count() { ctx.rejecting.fetch_sub(1); }
  } count{ctx};
  const wire::BeastRequest nothing_read;
  const RequestMeta meta = request_meta(nothing_read);
  if (!co_await handshake(stream, ctx.options.limits)) co_return;
  co_await send_error(ctx, stream, 503, meta, remote);
  co_await finish(stream, true);
}

void ignore_exception(const std::exception_ptr&) {}

}  // namespace

void start_session(ServerContext& ctx, asio::ip::tcp::socket socket, asio::ssl::context* tls) {
  const auto executor = socket.get_executor();
  std::string remote = peer_ip(socket);
  Registration reg(ctx, std::make_shared<Connection>(executor));
  if (tls) {
    asio::co_spawn(executor,
                   run_session(ctx, std::move(reg), TlsStream(std::move(socket), *tls),
                               std::move(remote)),
                   ignore_exception);
  } else {
    asio::co_spawn(executor,
                   run_session(ctx, std::move(reg), PlainStream(std::move(socket)),
                               std::move(remote)),
                   ignore_exception);
  }
}

void start_rejection(ServerContext& ctx, asio::ip::tcp::socket socket, asio::ssl::context* tls) {
  if (ctx.rejecting.fetch_add(1) >= kMaxRejecting) {
    ctx.rejecting.fetch_sub(1);
    boost::system::error_code ec;
    socket.close(ec);
    return;
  }
  const auto executor = socket.get_executor();
  std::string remote = peer_ip(socket);
  if (tls) {
    asio::co_spawn(executor,
                   run_rejection(ctx, TlsStream(std::move(socket), *tls), std::move(remote)),
                   ignore_exception);
  } else {
    asio::co_spawn(executor, run_rejection(ctx, PlainStream(std::move(socket)), std::move(remote)),
                   ignore_exception);
  }
}

void ServerContext::close_idle_connections() {
  std::lock_guard lock(mu);
  for (const auto& [id, weak] : connections)
    if (auto c = weak.lock()) asio::post(c->strand, [c] { c->close_if_idle(); });
}

void ServerContext::close_all_connections() {
  std::lock_guard lock(mu);
  for (const auto& [id, weak] : connections)
    if (auto c = weak.lock()) asio::post(c->strand, [c] { c->kill(); });
}

}  // namespace latchkey::http::detail
