#include "core/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace latchkey {
namespace {

TEST(WorkerPool, RunsJobsOnItsThreads) {
  WorkerPool pool(2, 16);
  std::atomic<int> done{0};
  std::promise<void> all;
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(pool.try_submit([&] {
      if (++done == 10) all.set_value();
    }));
  all.get_future().wait();
  EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, RefusesWhenQueueIsFull) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  auto gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.try_submit([&, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();                   // the only thread is busy
  ASSERT_TRUE(pool.try_submit([gate] {}));        // one may wait
  EXPECT_FALSE(pool.try_submit([] {}));           // the next is refused
  release.set_value();
}

}  // namespace
}  // namespace latchkey
