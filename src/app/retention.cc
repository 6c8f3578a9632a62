// RetentionTimer (retention.h).
#include "app/retention.h"

namespace latchkey::app {

RetentionTimer::~RetentionTimer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionTimer::start() {
  if (days_ <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void RetentionTimer::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    auto pruned = activity_.prune(days_);
    if (!pruned && log_) log_("audit retention: pruning failed: " + pruned.error().detail);
    else if (pruned && *pruned > 0 && log_)
      log_("audit retention: deleted " + std::to_string(*pruned) + " events older than " +
           std::to_string(days_) + " days");
    lock.lock();
    cv_.wait_for(lock, period_, [this] { return stop_; });
  }
}

}  // namespace latchkey::app
