#include "service/token_cache.h"

#include <functional>

namespace latchkey::service {

TokenCache::TokenCache(std::size_t capacity, int ttl_seconds)
    : capacity_(capacity), ttl_seconds_(ttl_seconds) {}

TokenCache::Shard& TokenCache::shard_for(const std::string& token_hash) {
  return shards_[std::hash<std::string>{}(token_hash) % kShards];
}

void TokenCache::erase_locked(Shard& shard, std::unordered_map<std::string, Entry>::iterator it) {
  auto acc = shard.by_account.find(it->second.principal.account.id);
  if (acc != shard.by_account.end()) {
    acc->second.erase(it->first);
    if (acc->second.empty()) shard.by_account.erase(acc);
  }
  shard.order.erase(it->second.order);
  shard.entries.erase(it);
}

std::optional<Principal> TokenCache::get(const std::string& token_hash, UnixTime now) {
  auto miss = [this] {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  };
  if (!enabled()) return miss();
  auto& shard = shard_for(token_hash);
  std::lock_guard lock(shard.mu);
  auto it = shard.entries.find(token_hash);
  if (it == shard.entries.end()) return miss();
  const auto& p = it->second.principal;
  const bool stale = now - it->second.inserted_at >= ttl_seconds_;
  const bool expired = p.authorization.expires_at && *p.authorization.expires_at <= now;
  if (stale || expired) {
    erase_locked(shard, it);
    return miss();
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return p;
}

void TokenCache::put(const std::string& token_hash, const Principal& principal, UnixTime now) {
  if (!enabled()) return;
  auto& shard = shard_for(token_hash);
  std::lock_guard lock(shard.mu);
  if (auto it = shard.entries.find(token_hash); it != shard.entries.end()) erase_locked(shard, it);
  const std::size_t per_shard = std::max<std::size_t>(1, capacity_ / kShards);
  while (shard.entries.size() >= per_shard && !shard.order.empty())
    erase_locked(shard, shard.entries.find(shard.order.front()));
  shard.order.push_back(token_hash);
  shard.entries.emplace(token_hash, Entry{principal, now, std::prev(shard.order.end())});
  shard.by_account[principal.account.id].insert(token_hash);
}

void TokenCache::invalidate(const std::string& token_hash) {
  auto& shard = shard_for(token_hash);
  std::lock_guard lock(shard.mu);
  if (auto it = shard.entries.find(token_hash); it != shard.entries.end()) erase_locked(shard, it);
}

void TokenCache::invalidate_account(const std::string& account_id) {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    auto acc = shard.by_account.find(account_id);
    if (acc == shard.by_account.end()) continue;
    const auto hashes = acc->second;  // copy: erase_locked mutates it
    for (const auto& h : hashes)
      if (auto it = shard.entries.find(h); it != shard.entries.end()) erase_locked(shard, it);
  }
}

}  // namespace latchkey::service
