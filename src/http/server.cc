// Listener, I/O threads, signals and shutdown. Sessions live in connection.cc.
#include "http/server.h"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/random.h"
#include "http/connection.h"

namespace latchkey::http {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::milliseconds kDrainPoll{5};
constexpr std::chrono::milliseconds kKillGrace{500};
constexpr std::chrono::milliseconds kAcceptBackoff{50};
// Exit status after a second SIGINT/SIGTERM: 128 + SIGINT, as shells report.
constexpr int kForcedExitStatus = 130;

// Mozilla "intermediate" TLS 1.2 suites (forward secrecy + AEAD only); TLS 1.3
// suites are OpenSSL's defaults, which are all modern.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::optional<asio::ssl::context> make_tls_context(const ServerOptions& o) {
  if (o.tls_cert_file.empty() && o.tls_key_file.empty()) return std::nullopt;
  if (o.tls_cert_file.empty() || o.tls_key_file.empty())
    throw std::runtime_error("TLS needs both a certificate file and a key file");
  std::optional<asio::ssl::context> tls(std::in_place, asio::ssl::context::tls_server);
  tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  SSL_CTX* native = tls->native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
    throw std::runtime_error("TLS: cannot configure protocol versions/ciphers");
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  boost::system::error_code ec;
  tls->use_certificate_chain_file(o.tls_cert_file, ec);
  if (ec) throw std::runtime_error("TLS: cannot load certificate chain " + o.tls_cert_file);
  tls->use_private_key_file(o.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS: cannot load private key " + o.tls_key_file);
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("TLS: private key does not match the certificate");
  return tls;
}

tcp::endpoint resolve_listen(asio::io_context& ioc, const ServerOptions& o) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(o.host, ec);
  if (!ec) return {address, o.port};
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(o.host, std::to_string(o.port), ec);
  if (ec || results.empty()) throw std::runtime_error("cannot resolve listen host " + o.host);
  return *results.begin();
}

}  // namespace

// One io_context per I/O thread, each run by that thread alone: a connection
// lives on one of them (round robin at accept), so its handlers never contend
// with another thread for a scheduler or a strand (measured: one shared
// io_context run by 2 threads costs 2.5x the CPU per small request of one
// context per thread). iocs[0] also hosts the listener, signals and drain.
struct Server::Impl {
  Impl(ServerOptions o, Handler& h) : options(std::move(o)), ctx(options, h, random) {
    for (std::size_t i = 0; i < std::max<std::size_t>(options.threads, 1); ++i)
      iocs.push_back(std::make_unique<asio::io_context>(1));
  }

  asio::io_context& ioc() { return *iocs.front(); }
  void stop_all() {
    for (auto& c : iocs) c->stop();
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> drain_async(std::chrono::milliseconds deadline,
                                    std::shared_ptr<std::promise<void>> done);
  std::shared_future<void> begin_drain(std::chrono::milliseconds deadline);
  void stop_accepting();
  void wait_for_signal();

  // Declaration order is destruction order in reverse: everything the
  // io_context's pending handlers and coroutine frames use (ctx, tls) must
  // outlive it; I/O objects must die before it.
  const ServerOptions options;
  SodiumRandom random;
  detail::ServerContext ctx;
  std::optional<asio::ssl::context> tls;
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::size_t next_ioc = 0;  // accept loop only
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::atomic<int> signals_seen{0};

  std::mutex drain_mu;
  std::optional<std::shared_future<void>> drain_done;
};

asio::awaitable<void> Server::Impl::accept_loop() {
  // start() spawns this loop right after emplacing the acceptor.
  tcp::acceptor& listener = *acceptor;  // NOLINT(bugprone-unchecked-optional-access): see above
  asio::steady_timer backoff(listener.get_executor());
  for (;;) {
    auto& target = *iocs[next_ioc++ % iocs.size()];
    auto [ec, socket] = co_await listener.async_accept(target, kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !listener.is_open()) co_return;
      // EMFILE and friends: back off instead of spinning.
      backoff.expires_after(kAcceptBackoff);
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    if (ctx.draining) co_return;  // the socket closes as it goes out of scope
    if (ctx.open.load() >= options.limits.max_connections)
      detail::start_rejection(ctx, std::move(socket), tls ? &*tls : nullptr);
    else
      detail::start_session(ctx, std::move(socket), tls ? &*tls : nullptr);
  }
}

void Server::Impl::stop_accepting() {
  ctx.draining = true;
  if (acceptor)
    asio::post(acceptor->get_executor(), [this] {
      boost::system::error_code ec;
      acceptor->close(ec);
    });
  ctx.close_idle_connections();
}

asio::awaitable<void> Server::Impl::drain_async(std::chrono::milliseconds deadline,
                                                std::shared_ptr<std::promise<void>> done) {
  // This coroutine runs on the acceptor's executor: make sure the listener is
  // closed before run() can return, whatever happened to the posted close.
  boost::system::error_code ignored;
  if (acceptor) acceptor->close(ignored);
  const auto until = std::chrono::steady_clock::now() + deadline;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  // Polling keeps this simple; shutdown latency of a few ms does not matter.
  while (ctx.open.load() > 0 && std::chrono::steady_clock::now() < until) {
    timer.expires_after(kDrainPoll);
    co_await timer.async_wait(kNoThrow);
  }
  if (ctx.open.load() > 0) {
    ctx.close_all_connections();
    const auto grace = std::chrono::steady_clock::now() + kKillGrace;
    while (ctx.open.load() > 0 && std::chrono::steady_clock::now() < grace) {
      timer.expires_after(kDrainPoll);
      co_await timer.async_wait(kNoThrow);
    }
  }
  work.clear();
  // Signal before stopping: once stopped, no completion handler would run.
  done->set_value();
  stop_all();
}

std::shared_future<void> Server::Impl::begin_drain(std::chrono::milliseconds deadline) {
  std::lock_guard lock(drain_mu);
  if (!drain_done) {
    stop_accepting();
    auto done = std::make_shared<std::promise<void>>();
    drain_done = done->get_future().share();
    auto executor = acceptor ? acceptor->get_executor() : ioc().get_executor();
    asio::co_spawn(executor, drain_async(deadline, done),
                   [this](const std::exception_ptr& e) {
                     if (e) stop_all();  // cannot drain politely: stop hard
                   });
  }
  return *drain_done;
}

void Server::Impl::wait_for_signal() {
  // Called by start() once `signals` is emplaced, then again from its handler.
  // NOLINTNEXTLINE(bugprone-unchecked-optional-access): see above
  signals->async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    if (signals_seen.fetch_add(1) > 0) std::_Exit(kForcedExitStatus);
    if (options.on_shutdown) options.on_shutdown();
    begin_drain(options.drain_timeout);
    wait_for_signal();
  });
}

Server::Server(ServerOptions options, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() {
  impl_->stop_all();
  // From here on a late Respond must not post into the io_context.
  std::unique_lock lock(impl_->ctx.life->mu);
  impl_->ctx.life->alive = false;
}

unsigned short Server::start() {
  Impl& s = *impl_;
  s.tls = make_tls_context(s.options);
  const tcp::endpoint endpoint = resolve_listen(s.ioc(), s.options);
  s.acceptor.emplace(s.ioc().get_executor());
  boost::system::error_code ec;
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + s.options.host + ":" +
                             std::to_string(s.options.port) + ": " + ec.message());
  const unsigned short port = s.acceptor->local_endpoint().port();
  for (auto& c : s.iocs) s.work.emplace_back(c->get_executor());
  asio::co_spawn(s.acceptor->get_executor(), s.accept_loop(), [](const std::exception_ptr&) {});
  if (s.options.handle_signals) {
    s.signals.emplace(s.ioc(), SIGTERM, SIGINT);
    s.wait_for_signal();
  }
  return port;
}

void Server::run() {
  auto run_io = [](asio::io_context& ioc) {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (...) {
        // A handler threw through Asio; keep serving the other connections.
      }
    }
  };
  std::vector<std::thread> extra;
  for (std::size_t i = 1; i < impl_->iocs.size(); ++i)
    extra.emplace_back(run_io, std::ref(*impl_->iocs[i]));
  run_io(impl_->ioc());
  for (auto& t : extra) t.join();
}

void Server::stop_accepting() { impl_->stop_accepting(); }

void Server::drain(std::chrono::milliseconds deadline) {
  auto done = impl_->begin_drain(deadline);
  // Needs run() active on some thread; if it is not (or drain() was called
  // from an I/O thread of a one-thread server), stop hard after a grace period.
  if (done.wait_for(deadline + kKillGrace + std::chrono::seconds(1)) !=
      std::future_status::ready)
    impl_->stop_all();
}

std::size_t Server::open_connections() const { return impl_->ctx.open.load(); }

}  // namespace latchkey::http
