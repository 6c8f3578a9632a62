// The counters services bump where an outcome is decided (logins, second
// factors, tokens issued and revoked), over a metrics::Registry. Services hold
// a nullable pointer in Deps; note() is a no-op without one (unit tests).
// Label values are these enums' fixed names, so cardinality is bounded.
// Thread safety: thread-safe (atomics).
#pragma once

#include <array>
#include <cstddef>

#include "core/metrics.h"

namespace latchkey::service {

// The password step of a sign-in (API Basic, web form, OAuth password pages).
enum class LoginOutcome { kSuccess, kBadPassword, kUnknownAccount, kDisabled, kThrottled, kCount };
// A second-factor check during sign-in or step-up.
enum class MfaOutcome { kAccepted, kMissing, kWrong, kReplayed, kThrottled, kCount };
// authorization: a new authorization or CLI login token; regenerated: a rotated
// one; oauth_access / refresh: OAuth 2.0 grants.
enum class IssuedKind { kAuthorization, kRegenerated, kOAuthAccess, kRefresh, kCount };

class ServiceMetrics {
 public:
  explicit ServiceMetrics(metrics::Registry& registry);

  void count(LoginOutcome o) { logins_[static_cast<std::size_t>(o)]->inc(); }
  void count(MfaOutcome o) { mfa_[static_cast<std::size_t>(o)]->inc(); }
  void count(IssuedKind k) { issued_[static_cast<std::size_t>(k)]->inc(); }
  void revoked() { revoked_->inc(); }

 private:
  std::array<metrics::Counter*, static_cast<std::size_t>(LoginOutcome::kCount)> logins_{};
  std::array<metrics::Counter*, static_cast<std::size_t>(MfaOutcome::kCount)> mfa_{};
  std::array<metrics::Counter*, static_cast<std::size_t>(IssuedKind::kCount)> issued_{};
  metrics::Counter* revoked_ = nullptr;
};

template <class Outcome>
inline void note(ServiceMetrics* m, Outcome o) {
  if (m) m->count(o);
}
inline void note_revoked(ServiceMetrics* m) {
  if (m) m->revoked();
}

}  // namespace latchkey::service
