// The retry schedule of alert deliveries: doubling from the base, jitter in
// [0.8, 1.2), capped at one hour.
#include <gtest/gtest.h>

#include "alerts/backoff.h"

namespace latchkey::alerts {
namespace {

using std::chrono::milliseconds;

TEST(RetryDelay, DoublesPerFailedAttempt) {
  const milliseconds base(1000);
  EXPECT_EQ(retry_delay(1, base, 0.5), milliseconds(1000));
  EXPECT_EQ(retry_delay(2, base, 0.5), milliseconds(2000));
  EXPECT_EQ(retry_delay(3, base, 0.5), milliseconds(4000));
  EXPECT_EQ(retry_delay(7, base, 0.5), milliseconds(64000));
}

TEST(RetryDelay, JitterSpreadsWithinTwentyPercent) {
  EXPECT_EQ(retry_delay(1, milliseconds(1000), 0.0), milliseconds(800));
  EXPECT_EQ(retry_delay(1, milliseconds(1000), 0.999), milliseconds(1199));
  EXPECT_EQ(retry_delay(3, milliseconds(1000), 0.0), milliseconds(3200));
}

TEST(RetryDelay, IsCappedAtOneHour) {
  EXPECT_EQ(retry_delay(30, milliseconds(5000), 0.999), kMaxRetryDelay);
  EXPECT_EQ(retry_delay(1000, milliseconds(5000), 0.0), kMaxRetryDelay);
  EXPECT_LE(retry_delay(13, milliseconds(1000), 0.999), kMaxRetryDelay);
}

}  // namespace
}  // namespace latchkey::alerts
