// Bounded in-memory cache of live bearer tokens: token hash → Principal
// (ARCHITECTURE.md §4). Entries live at most `ttl` seconds (a backstop: every
// revoke/rotate/password change on this instance invalidates at once, so the
// very next request sees it). Eviction when full drops the oldest insertions.
// Thread safety: all methods are thread-safe (sharded mutexes).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/clock.h"
#include "service/principal.h"

namespace latchkey::service {

class TokenCache {
 public:
  TokenCache(std::size_t capacity, int ttl_seconds);

  bool enabled() const { return capacity_ > 0; }
  std::optional<Principal> get(const std::string& token_hash, UnixTime now);
  void put(const std::string& token_hash, const Principal& principal, UnixTime now);
  void invalidate(const std::string& token_hash);
  // Drops every entry of the account (password change, account update, disable).
  void invalidate_account(const std::string& account_id);
  // Lookups answered from the cache / not (for /metrics; a disabled cache misses).
  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    Principal principal;
    UnixTime inserted_at;
    std::list<std::string>::iterator order;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> order;  // oldest first
    std::unordered_map<std::string, std::unordered_set<std::string>> by_account;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard_for(const std::string& token_hash);
  void erase_locked(Shard& shard, std::unordered_map<std::string, Entry>::iterator it);

  const std::size_t capacity_;
  const int ttl_seconds_;
  std::array<Shard, kShards> shards_;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace latchkey::service
