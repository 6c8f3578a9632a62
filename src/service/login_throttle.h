// Sign-in throttling (security checklist S06–S08, NIST 800-63B §3.2.2).
//
// Per account key (the normalised email, whether or not an account exists, so
// the throttle is no existence oracle): after `free_attempts` consecutive
// failures every attempt — the correct password included — is refused with the
// same 429 until a back-off delay (base doubling up to max) has passed since the
// last failure; after `lock_after` failures the key is locked until an admin
// unlocks it. Counts live in the store (shared by instances, survive restarts).
//
// Per client IP: at most `ip_attempts` failures in `ip_window_s` (password
// spraying), kept in memory per instance.
//
// Second factors (S14) have their own per-account count, shared by every flow
// that checks a code: after `mfa_free_attempts` wrong codes the same back-off
// applies (a correct code is refused during a delay), and `lock_after` locks.
// Thread safety: thread-safe.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::service {

class LoginThrottle {
 public:
  LoginThrottle(store::Store& store, const config::Throttle& config, const Clock& clock)
      : store_(store), config_(config), clock_(clock) {}

  // kThrottled (429, with retry_after) if this attempt must be refused before
  // the password is even looked at; kUnavailable if the store is down.
  Status check(const std::string& email, const std::string& ip);
  // Returns true when this failure locked the account key (the lock_after-th).
  Result<bool> record_failure(const std::string& email, const std::string& ip);
  // The per-IP count alone, for credentials that name no account: a wrong
  // token over git (S59) counts like a wrong password from that IP.
  Status check_ip(const std::string& ip);
  void record_ip_failure(const std::string& ip);
  Status record_success(const std::string& email);
  Status unlock(const std::string& email);

  // The second-factor count of one account (by id).
  Status check_second_factor(const std::string& account_id);
  // Returns true when this failure starts (or extends) a back-off.
  Result<bool> record_second_factor_failure(const std::string& account_id);
  Status record_second_factor_success(const std::string& account_id);

  // The refusal every throttled attempt gets (identical for all causes).
  static Error throttled(int retry_after);

 private:
  static std::string key_for(const std::string& email);
  static std::string second_factor_key(const std::string& account_id);
  int delay_for(int failures, int free_attempts) const;
  Status check_key(const std::string& key, int free_attempts);

  store::Store& store_;
  const config::Throttle config_;
  const Clock& clock_;
  std::mutex ip_mu_;
  std::unordered_map<std::string, std::deque<UnixTime>> ip_failures_;
};

}  // namespace latchkey::service
