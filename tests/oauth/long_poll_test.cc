// LongPoll: held polls are answered by their check, by the hold deadline, or
// at once when the server drains (release).
#include "oauth/long_poll.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace latchkey::oauth {
namespace {

using namespace std::chrono_literals;

http::Response with_status(int status) {
  http::Response r;
  r.status = status;
  return r;
}

// A Respond that fulfils a promise with the status it was given.
struct Answer {
  std::shared_ptr<std::promise<int>> promise = std::make_shared<std::promise<int>>();
  std::future<int> future = promise->get_future();
  http::Respond respond() {
    return [p = promise](http::Response r) { p->set_value(r.status); };
  }
};

TEST(LongPollTest, HeldUntilTheCheckDecides) {
  std::atomic<bool> approved{false};
  LongPoll poll([&](const Secret&) -> std::optional<http::Response> {
                  if (approved) return with_status(200);
                  return std::nullopt;
                },
                [] { return with_status(504); }, 10s, 10ms, 10);
  Answer a;
  poll.add(Secret("s"), a.respond());
  EXPECT_EQ(a.future.wait_for(100ms), std::future_status::timeout) << "held while pending";
  approved = true;
  poll.wake();
  ASSERT_EQ(a.future.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(a.future.get(), 200);
}

TEST(LongPollTest, AnswersTheTimeoutAfterTheHold) {
  LongPoll poll([](const Secret&) { return std::optional<http::Response>(); },
                [] { return with_status(504); }, 50ms, 10ms, 10);
  Answer a;
  poll.add(Secret("s"), a.respond());
  ASSERT_EQ(a.future.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(a.future.get(), 504);
}

TEST(LongPollTest, FullAnswersBusyAtOnce) {
  LongPoll poll([](const Secret&) { return std::optional<http::Response>(); },
                [] { return with_status(504); }, 10s, 10ms, 1);
  Answer held, refused;
  poll.add(Secret("a"), held.respond());
  poll.add(Secret("b"), refused.respond());
  ASSERT_EQ(refused.future.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(refused.future.get(), 503);
  poll.release();
  ASSERT_EQ(held.future.wait_for(1s), std::future_status::ready);
}

TEST(LongPollTest, ReleaseAnswersHeldAndLaterPollsAtOnce) {
  std::atomic<int> checks{0};
  LongPoll poll([&](const Secret&) -> std::optional<http::Response> {
                  ++checks;
                  return std::nullopt;
                },
                [] { return with_status(504); }, 10s, 5ms, 100);
  std::vector<Answer> held(20);
  for (auto& a : held) poll.add(Secret("s"), a.respond());
  std::this_thread::sleep_for(30ms);  // the poll thread is checking batches
  poll.release();
  for (auto& a : held) {
    ASSERT_EQ(a.future.wait_for(1s), std::future_status::ready);
    EXPECT_EQ(a.future.get(), 504);
  }
  Answer late;
  poll.add(Secret("s"), late.respond());
  ASSERT_EQ(late.future.wait_for(100ms), std::future_status::ready) << "not held after release";
  EXPECT_EQ(late.future.get(), 504);
  EXPECT_GT(checks.load(), 0);
}

}  // namespace
}  // namespace latchkey::oauth
