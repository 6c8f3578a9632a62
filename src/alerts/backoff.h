// Retry schedule of alert deliveries: exponential back-off with jitter.
// After failed attempt n (1-based) the next one waits base · 2^(n−1), scaled
// by a jitter factor in [0.8, 1.2), at most one hour.
// Thread safety: pure function.
#pragma once

#include <chrono>

namespace latchkey::alerts {

inline constexpr std::chrono::milliseconds kMaxRetryDelay = std::chrono::hours(1);

// `jitter01` is a uniform draw from [0, 1) (injected so tests are exact).
std::chrono::milliseconds retry_delay(int failed_attempts, std::chrono::milliseconds base,
                                      double jitter01);

}  // namespace latchkey::alerts
