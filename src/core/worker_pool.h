// A fixed set of threads with a bounded job queue, for CPU-heavy work (Argon2id)
// that must never run on an I/O thread (ARCHITECTURE.md §4). When the queue is
// full, try_submit() refuses at once so the caller can answer 503 + Retry-After
// instead of queueing without limit.
// Thread safety: all methods may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latchkey {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued);
  ~WorkerPool();  // finishes queued jobs, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False when max_queued jobs are already waiting; the job is then dropped.
  bool try_submit(std::move_only_function<void()> job);

  std::size_t queued() const;

 private:
  void run();

  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::move_only_function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace latchkey
