// Audit retention (audit.retention_days, docs/audit.md): a small thread that
// prunes the trail once at start-up and then every hour. Nothing runs when
// retention is 0 (keep forever).
// Thread safety: start() once; the destructor stops and joins the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "service/activity.h"

namespace latchkey::app {

class RetentionTimer {
 public:
  RetentionTimer(service::ActivityService& activity, int days,
                 std::function<void(const std::string&)> log,
                 std::chrono::milliseconds period = std::chrono::hours(1))
      : activity_(activity), days_(days), log_(std::move(log)), period_(period) {}
  ~RetentionTimer();
  RetentionTimer(const RetentionTimer&) = delete;
  RetentionTimer& operator=(const RetentionTimer&) = delete;

  void start();

 private:
  void run();

  service::ActivityService& activity_;
  const int days_;
  std::function<void(const std::string&)> log_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace latchkey::app
