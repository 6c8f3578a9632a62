#include "service/login_throttle.h"

#include <algorithm>

#include "auth/token.h"

namespace latchkey::service {

std::string LoginThrottle::key_for(const std::string& email) {
  // Hashed so the table holds no list of guessed addresses.
  return "login:" + auth::hash_token(email);
}

Error LoginThrottle::throttled(int retry_after) {
  Error e(ErrorCode::kThrottled, "rate_limit",
          "Too many failed sign-in attempts. Please wait and try again later.");
  e.retry_after = std::max(retry_after, 1);
  return e;
}

std::string LoginThrottle::second_factor_key(const std::string& account_id) {
  return "mfa:" + account_id;
}

int LoginThrottle::delay_for(int failures, int free_attempts) const {
  const int over = failures - free_attempts;  // 0 for the first delayed attempt
  long delay = config_.base_delay_s;
  for (int i = 0; i < over && delay < config_.max_delay_s; ++i) delay *= 2;
  return static_cast<int>(std::min<long>(delay, config_.max_delay_s));
}

Status LoginThrottle::check_ip(const std::string& ip) {
  const UnixTime now = clock_.now();
  std::lock_guard lock(ip_mu_);
  auto it = ip_failures_.find(ip);
  if (it != ip_failures_.end()) {
    auto& q = it->second;
    while (!q.empty() && q.front() <= now - config_.ip_window_s) q.pop_front();
    if (static_cast<int>(q.size()) >= config_.ip_attempts)
      return fail(throttled(static_cast<int>(q.front() + config_.ip_window_s - now)));
  }
  return {};
}

void LoginThrottle::record_ip_failure(const std::string& ip) {
  const UnixTime now = clock_.now();
  std::lock_guard lock(ip_mu_);
  if (ip_failures_.size() > 100'000) ip_failures_.clear();  // bound memory under spraying
  ip_failures_[ip].push_back(now);
}

Status LoginThrottle::check(const std::string& email, const std::string& ip) {
  if (auto ok = check_ip(ip); !ok) return ok;
  return check_key(key_for(email), config_.free_attempts);
}

Status LoginThrottle::check_key(const std::string& key, int free_attempts) {
  const UnixTime now = clock_.now();
  auto state = store_.throttles().get(key);
  if (!state) return fail(state.error());
  if (state->locked) return fail(throttled(config_.max_delay_s));
  if (state->failures >= free_attempts) {
    const UnixTime until = state->last_failure_at + delay_for(state->failures, free_attempts);
    if (now < until) return fail(throttled(static_cast<int>(until - now)));
  }
  return {};
}

Status LoginThrottle::check_second_factor(const std::string& account_id) {
  return check_key(second_factor_key(account_id), config_.mfa_free_attempts);
}

Result<bool> LoginThrottle::record_second_factor_failure(const std::string& account_id) {
  auto state = store_.throttles().record_failure(second_factor_key(account_id), clock_.now(),
                                                 config_.lock_after);
  if (!state) return fail(state.error());
  return state->locked || state->failures >= config_.mfa_free_attempts;
}

Status LoginThrottle::record_second_factor_success(const std::string& account_id) {
  return store_.throttles().reset(second_factor_key(account_id));
}

Result<bool> LoginThrottle::record_failure(const std::string& email, const std::string& ip) {
  record_ip_failure(ip);
  auto state = store_.throttles().record_failure(key_for(email), clock_.now(), config_.lock_after);
  if (!state) return fail(state.error());
  return state->locked && state->failures == config_.lock_after;
}

Status LoginThrottle::record_success(const std::string& email) {
  return store_.throttles().reset(key_for(email));
}

Status LoginThrottle::unlock(const std::string& email) { return record_success(email); }

}  // namespace latchkey::service
