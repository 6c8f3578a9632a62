// Turns a presented bearer token into a Principal (ARCHITECTURE.md §4):
// checksum first (garbage never reaches the database), then SHA-256 → cache →
// store on a miss. Expired tokens, unknown tokens and disabled accounts are all
// kUnauthorized with the same message; a database failure is kUnavailable (503,
// never 401, so clients keep good credentials). Records last use (time and IP)
// at most once a minute per token, or when the IP changes. With a Random (for
// event ids), the first use of an authorization from an IP it was neither
// created nor used from before writes a `token.new_ip` audit event (an alert,
// docs/alerts.md): an in-memory set of (authorization, IP) pairs already seen
// keeps the database out of every other request.
// Thread safety: thread-safe.
#pragma once

#include <mutex>
#include <string_view>
#include <unordered_set>

#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "service/principal.h"
#include "service/request_info.h"
#include "service/token_cache.h"
#include "store/store.h"

namespace latchkey::service {

class Authenticator {
 public:
  Authenticator(store::Store& store, TokenCache& cache, const Clock& clock,
                Random* random = nullptr)
      : store_(store), cache_(cache), clock_(clock), random_(random) {}

  Result<Principal> authenticate(std::string_view token, const RequestInfo& info);

 private:
  Result<Principal> load(const std::string& token_hash, UnixTime now);
  void note_ip(const Principal& p, const RequestInfo& info, UnixTime now);

  store::Store& store_;
  TokenCache& cache_;
  const Clock& clock_;
  Random* random_;
  std::mutex seen_mu_;
  std::unordered_set<std::string> seen_ips_;  // "<authorization id> <ip>"
};

// The message for every failed token authentication.
inline constexpr std::string_view kInvalidCredentials = "Invalid credentials provided.";

}  // namespace latchkey::service
