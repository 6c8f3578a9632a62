// Graceful shutdown: stop_accepting()/drain() and the SIGTERM path.
#include <gtest/gtest.h>

#include <csignal>
#include <future>
#include <latch>

#include "http/server.h"
#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using namespace std::chrono_literals;
using testing::Client;
using testing::FnHandler;
using testing::TestServer;
using testing::get;

// /slow answers from a worker thread once `release` is set; the rest at once.
struct SlowHandler {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::jthread> workers;
  std::mutex mu;

  void operator()(Request req, Respond respond) {
    if (req.path != "/slow") {
      Response res;
      res.body = "fast";
      respond(std::move(res));
      return;
    }
    std::lock_guard lock(mu);
    workers.emplace_back([this, respond = std::move(respond)]() mutable {
      released.wait();
      Response res;
      res.body = "slow done";
      respond(std::move(res));
    });
    entered.set_value();
  }
};

bool refused(unsigned short port) {
  for (int i = 0; i < 200; ++i) {
    Client probe(port);
    if (!probe.connected()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(HttpShutdown, DrainLetsInFlightRequestFinishAndRefusesNewConnections) {
  SlowHandler slow;
  FnHandler handler([&](Request r, Respond s) { slow(std::move(r), std::move(s)); });
  TestServer server(testing::test_options(), handler);

  Client idle(server.port());  // keep-alive connection between requests
  ASSERT_TRUE(idle.send(get("/fast")));
  ASSERT_TRUE(idle.read_response());

  Client busy(server.port());
  ASSERT_TRUE(busy.send(get("/slow")));
  slow.entered.get_future().wait();

  server.server().stop_accepting();
  EXPECT_TRUE(idle.wait_closed());  // idle connections close at once
  EXPECT_TRUE(refused(server.port()));
  // The idle session unwinds just after the client sees the close.
  for (int i = 0; i < 200 && server.server().open_connections() > 1; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(server.server().open_connections(), 1u);

  std::jthread releaser([&] {
    std::this_thread::sleep_for(100ms);
    slow.release.set_value();
  });
  const auto start = std::chrono::steady_clock::now();
  server.shutdown(2000ms);  // drain(): returns once the slow request is done
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);

  auto res = busy.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "slow done");
  EXPECT_EQ(res->header("connection"), "close");
  EXPECT_EQ(server.server().open_connections(), 0u);
}

TEST(HttpShutdown, DrainDeadlineCancelsRequestsThatNeverFinish) {
  SlowHandler slow;
  FnHandler handler([&](Request r, Respond s) { slow(std::move(r), std::move(s)); });
  {
    TestServer server(testing::test_options(), handler);
    Client busy(server.port());
    ASSERT_TRUE(busy.send(get("/slow")));
    slow.entered.get_future().wait();
    const auto start = std::chrono::steady_clock::now();
    server.shutdown(100ms);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    EXPECT_TRUE(busy.wait_closed());
    EXPECT_EQ(server.server().open_connections(), 0u);
  }
  // Responding after the server is gone is a no-op, not a crash.
  slow.release.set_value();
  slow.workers.clear();
}

TEST(HttpShutdown, SigtermCallsOnShutdownAndDrains) {
  std::atomic<bool> shutdown_called{false};
  auto o = testing::test_options();
  o.handle_signals = true;
  o.drain_timeout = 500ms;
  o.on_shutdown = [&] { shutdown_called = true; };
  FnHandler handler([](Request, Respond respond) { respond(Response{}); });
  Server server(o, handler);
  const unsigned short port = server.start();
  std::thread runner([&] { server.run(); });
  {
    Client c(port);
    ASSERT_TRUE(c.send(get("/")));
    ASSERT_TRUE(c.read_response());
  }
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  runner.join();  // run() returns once drained
  EXPECT_TRUE(shutdown_called);
  EXPECT_TRUE(refused(port));
}

}  // namespace
}  // namespace latchkey::http
