// The Heroku CLI's browser-login long poll (reference/heroku-cli-compat.md
// B.2): each GET on cli_url is held until the browser approved or denied, or
// for at most `hold` (then 504, which the CLI retries). One background thread
// re-checks the held polls every `tick` against the store (so an approval on
// another instance is seen too) and answers them; it never blocks an I/O
// thread. At most `capacity` polls are held; beyond that new ones get 503.
// Thread safety: add() from any thread; the destructor stops the thread and
// answers whatever is still held with 503.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/secret.h"
#include "http/message.h"

namespace latchkey::oauth {

class LongPoll {
 public:
  // Called on the poll thread: returns the response if the poll is decided
  // now, nullopt to keep holding.
  using Check = std::function<std::optional<http::Response>(const Secret& secret)>;
  using Timeout = std::function<http::Response()>;

  LongPoll(Check check, Timeout timeout, std::chrono::milliseconds hold,
           std::chrono::milliseconds tick, std::size_t capacity);
  ~LongPoll();

  // Holds the poll (or answers at once when full).
  void add(Secret secret, http::Respond respond);
  // Checks the held polls now (after an approval on this instance).
  void wake();
  // Shutdown: answers every held poll, and every later one at once, with the
  // timeout response ("poll again"), so a draining server is not held up by
  // polls that would otherwise wait their full hold (R5).
  void release();

 private:
  struct Waiter {
    Secret secret;
    http::Respond respond;
    std::chrono::steady_clock::time_point deadline;
  };
  void run();

  Check check_;
  Timeout timeout_;
  const std::chrono::milliseconds hold_;
  const std::chrono::milliseconds tick_;
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Waiter> waiters_;
  bool stop_ = false;
  bool woken_ = false;
  bool released_ = false;
  std::thread thread_;
};

}  // namespace latchkey::oauth
