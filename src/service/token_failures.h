// Failed token authentications outside the Platform API — today git over
// HTTPS (checklist S59, S07): each is audited (`git.auth_failed`, subject the
// token's account when the token is well-formed and still stored, e.g.
// expired; none for a revoked or made-up one) and counts against the per-IP
// sign-in throttle, so guessing tokens over git is throttled exactly like
// guessing passwords (and the other way round).
// Thread safety: thread-safe.
#pragma once

#include <string_view>

#include "service/deps.h"
#include "service/login_throttle.h"
#include "service/request_info.h"

namespace latchkey::service {

class TokenFailures {
 public:
  TokenFailures(Deps deps, LoginThrottle& throttle) : deps_(deps), throttle_(throttle) {}

  // kThrottled (429, retry_after) while the caller's IP is over the limit.
  Status check(const RequestInfo& info);
  // Records one refused `token` (any bytes; never stored or logged).
  void record(std::string_view action, std::string_view token, const RequestInfo& info);

 private:
  Deps deps_;
  LoginThrottle& throttle_;
};

}  // namespace latchkey::service
