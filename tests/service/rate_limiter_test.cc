#include "service/rate_limiter.h"

#include <gtest/gtest.h>

namespace latchkey::service {
namespace {

TEST(RateLimiter, BucketEmptiesAndKeysAreIndependent) {
  config::RateLimit c;
  c.capacity = 3;
  c.refill_per_minute = 0;
  RateLimiter limiter(c);
  EXPECT_EQ(limiter.remaining("a"), 3);
  EXPECT_EQ(limiter.consume("a").remaining, 2);
  EXPECT_EQ(limiter.consume("a").remaining, 1);
  EXPECT_TRUE(limiter.consume("a").allowed);
  auto out = limiter.consume("a");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.remaining, 0);
  EXPECT_TRUE(limiter.consume("b").allowed);
}

TEST(RateLimiter, DisabledAlwaysAllows) {
  config::RateLimit c;
  c.enabled = false;
  c.capacity = 1;
  RateLimiter limiter(c);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.consume("a").allowed);
}

}  // namespace
}  // namespace latchkey::service
