// Runs a real Server on 127.0.0.1, port 0, in a background thread, with a
// handler made from a lambda.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http/server.h"

namespace latchkey::http::testing {

class FnHandler final : public Handler {
 public:
  using Fn = std::function<void(Request, Respond)>;
  explicit FnHandler(Fn fn) : fn_(std::move(fn)) {}
  void handle(Request request, Respond respond) override {
    ++calls;
    fn_(std::move(request), std::move(respond));
  }
  std::atomic<int> calls{0};

 private:
  Fn fn_;
};

inline ServerOptions test_options() {
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.threads = 2;
  o.handle_signals = false;
  o.drain_timeout = std::chrono::milliseconds(1000);
  return o;
}

class LogSink {
 public:
  std::function<void(const std::string&)> fn() {
    return [this](const std::string& line) {
      std::lock_guard lock(mu_);
      lines_.push_back(line);
    };
  }
  // Waits briefly: the server logs after the client may already have read.
  std::vector<std::string> wait_for(std::size_t n) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mu_);
        if (lines_.size() >= n) return lines_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(mu_);
    return lines_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

class TestServer {
 public:
  TestServer(ServerOptions options, Handler& handler) : server_(std::move(options), handler) {
    port_ = server_.start();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~TestServer() { shutdown(); }

  void shutdown(std::chrono::milliseconds deadline = std::chrono::milliseconds(500)) {
    if (!thread_.joinable()) return;
    server_.stop_accepting();
    server_.drain(deadline);
    thread_.join();
  }
  unsigned short port() const { return port_; }
  Server& server() { return server_; }

 private:
  Server server_;
  unsigned short port_ = 0;
  std::thread thread_;
};

}  // namespace latchkey::http::testing
