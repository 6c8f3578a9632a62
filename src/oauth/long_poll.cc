#include "oauth/long_poll.h"

namespace latchkey::oauth {
namespace {

http::Response busy() {
  http::Response r;
  r.status = 503;
  r.body = R"({"id":"service_unavailable","message":"Too many logins waiting. Please try again."})";
  r.set("Content-Type", "application/json; charset=utf-8");
  r.set("Retry-After", "1");
  r.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

LongPoll::LongPoll(Check check, Timeout timeout, std::chrono::milliseconds hold,
                   std::chrono::milliseconds tick, std::size_t capacity)
    : check_(std::move(check)), timeout_(std::move(timeout)), hold_(hold), tick_(tick),
      capacity_(capacity), thread_([this] { run(); }) {}

LongPoll::~LongPoll() {
  std::vector<Waiter> left;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    left.swap(waiters_);
  }
  cv_.notify_all();
  thread_.join();
  for (auto& w : left) w.respond(busy());
}

void LongPoll::add(Secret secret, http::Respond respond) {
  {
    std::unique_lock lock(mu_);
    if (released_) {
      lock.unlock();
      return respond(timeout_());
    }
    if (!stop_ && waiters_.size() < capacity_) {
      waiters_.push_back({std::move(secret), std::move(respond), std::chrono::steady_clock::now() + hold_});
      woken_ = true;
      cv_.notify_all();
      return;
    }
  }
  respond(busy());
}

void LongPoll::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void LongPoll::release() {
  std::vector<Waiter> held;
  {
    std::lock_guard lock(mu_);
    released_ = true;
    held.swap(waiters_);
  }
  for (auto& w : held) w.respond(timeout_());
}

void LongPoll::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    cv_.wait_for(lock, tick_, [this] { return stop_ || woken_; });
    if (stop_) break;
    woken_ = false;
    std::vector<Waiter> batch;
    batch.swap(waiters_);
    lock.unlock();
    std::vector<Waiter> keep;
    const auto now = std::chrono::steady_clock::now();
    for (auto& w : batch) {
      if (auto r = check_(w.secret)) {
        w.respond(std::move(*r));
      } else if (now >= w.deadline) {
        w.respond(timeout_());
      } else {
        keep.push_back(std::move(w));
      }
    }
    lock.lock();
    if (released_) {  // release() ran while this batch was being checked
      lock.unlock();
      for (auto& w : keep) w.respond(timeout_());
      lock.lock();
      continue;
    }
    for (auto& w : keep) waiters_.push_back(std::move(w));
  }
}

}  // namespace latchkey::oauth
