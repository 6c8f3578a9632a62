#include "alerts/backoff.h"

#include <algorithm>

namespace latchkey::alerts {

std::chrono::milliseconds retry_delay(int failed_attempts, std::chrono::milliseconds base,
                                      double jitter01) {
  const int doublings = std::clamp(failed_attempts - 1, 0, 30);
  double ms = static_cast<double>(base.count());
  for (int i = 0; i < doublings && ms < double(kMaxRetryDelay.count()); ++i) ms *= 2;
  ms *= 0.8 + 0.4 * std::clamp(jitter01, 0.0, 1.0);
  ms = std::min(ms, double(kMaxRetryDelay.count()));
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace latchkey::alerts
