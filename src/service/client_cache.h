// Registered OAuth clients by id, kept in memory for the token, revocation and
// introspection endpoints (a client authenticates on every call; its row
// rarely changes). Entries live at most `ttl` seconds; ClientService drops an
// entry at once when the client is updated, rotated or deleted on this
// instance, so another instance may accept a rotated-away secret for up to the
// TTL (the documented overlap, S44).
// Thread safety: thread-safe (one mutex; lookups are short).
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "model/oauth_client.h"

namespace latchkey::service {

class ClientCache {
 public:
  ClientCache(std::size_t capacity, int ttl_seconds) : capacity_(capacity), ttl_(ttl_seconds) {}

  std::optional<model::OAuthClient> get(const std::string& id, UnixTime now) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    if (now - it->second.inserted_at >= ttl_) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.client;
  }
  void put(const model::OAuthClient& client, UnixTime now) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    if (entries_.size() >= capacity_) entries_.clear();  // rare; a cold start is cheap
    entries_[client.id] = Entry{client, now};
  }
  void invalidate(const std::string& id) {
    std::lock_guard lock(mu_);
    entries_.erase(id);
  }

 private:
  struct Entry {
    model::OAuthClient client;
    UnixTime inserted_at;
  };
  const std::size_t capacity_;
  const int ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace latchkey::service
