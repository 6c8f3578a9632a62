#include "service/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace latchkey::service {

RateLimiter::Shard& RateLimiter::shard_for(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

RateLimiter::Bucket& RateLimiter::refill_locked(Shard& shard, const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  auto [it, inserted] = shard.buckets.try_emplace(key, Bucket{double(config_.capacity), now});
  Bucket& b = it->second;
  if (!inserted) {
    const double minutes = std::chrono::duration<double>(now - b.updated).count() / 60.0;
    b.tokens = std::min<double>(config_.capacity, b.tokens + minutes * config_.refill_per_minute);
    b.updated = now;
  }
  // Full buckets carry no information: drop them so memory stays bounded.
  if (shard.buckets.size() > 200'000) {
    std::erase_if(shard.buckets, [&](const auto& kv) {
      return kv.first != key && kv.second.tokens >= config_.capacity;
    });
  }
  return shard.buckets.find(key)->second;
}

RateLimiter::Outcome RateLimiter::consume(const std::string& key) {
  if (!config_.enabled) return {true, config_.capacity};
  auto& shard = shard_for(key);
  std::lock_guard lock(shard.mu);
  Bucket& b = refill_locked(shard, key);
  if (b.tokens < 1.0) return {false, 0};
  b.tokens -= 1.0;
  return {true, static_cast<int>(std::floor(b.tokens))};
}

int RateLimiter::remaining(const std::string& key) {
  if (!config_.enabled) return config_.capacity;
  auto& shard = shard_for(key);
  std::lock_guard lock(shard.mu);
  return static_cast<int>(std::floor(refill_locked(shard, key).tokens));
}

}  // namespace latchkey::service
