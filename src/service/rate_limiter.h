// Per-key token buckets (Heroku: 4,500 requests per account, refilled at 75
// per minute). In memory, per instance. Keys are "account:<id>" or "ip:<addr>".
// Thread safety: thread-safe (sharded mutexes).
#pragma once

#include <array>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "config/config.h"

namespace latchkey::service {

class RateLimiter {
 public:
  explicit RateLimiter(const config::RateLimit& config) : config_(config) {}

  struct Outcome {
    bool allowed;
    int remaining;
  };
  // Takes one token if there is one.
  Outcome consume(const std::string& key);
  // Current remaining without taking one (GET /account/rate-limits is free).
  int remaining(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  Bucket& refill_locked(Shard& shard, const std::string& key);
  Shard& shard_for(const std::string& key);

  const config::RateLimit config_;
  std::array<Shard, 16> shards_;
};

}  // namespace latchkey::service
