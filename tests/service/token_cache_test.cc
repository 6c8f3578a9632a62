#include "service/token_cache.h"

#include <gtest/gtest.h>

namespace latchkey::service {
namespace {

Principal principal(const std::string& account, const std::string& authz) {
  Principal p;
  p.account.id = account;
  p.authorization.id = authz;
  p.authorization.scope = {"global"};
  return p;
}

TEST(TokenCache, HitMissAndTtl) {
  TokenCache cache(1000, 60);
  cache.put("h1", principal("a", "z1"), 100);
  ASSERT_TRUE(cache.get("h1", 120));
  EXPECT_EQ(cache.get("h1", 120)->authorization.id, "z1");
  EXPECT_FALSE(cache.get("h1", 160)) << "entries expire after ttl";
  EXPECT_FALSE(cache.get("nope", 100));
}

TEST(TokenCache, ExpiredTokenIsNotServed) {
  TokenCache cache(1000, 60);
  auto p = principal("a", "z");
  p.authorization.expires_at = 110;
  cache.put("h", p, 100);
  EXPECT_TRUE(cache.get("h", 109));
  EXPECT_FALSE(cache.get("h", 110));
}

TEST(TokenCache, InvalidateOneAndAccount) {
  TokenCache cache(1000, 60);
  cache.put("h1", principal("a", "z1"), 0);
  cache.put("h2", principal("a", "z2"), 0);
  cache.put("h3", principal("b", "z3"), 0);
  cache.invalidate("h1");
  EXPECT_FALSE(cache.get("h1", 1));
  EXPECT_TRUE(cache.get("h2", 1));
  cache.invalidate_account("a");
  EXPECT_FALSE(cache.get("h2", 1));
  EXPECT_TRUE(cache.get("h3", 1));
}

TEST(TokenCache, BoundedAndDisabled) {
  TokenCache cache(32, 60);
  for (int i = 0; i < 1000; ++i) cache.put("h" + std::to_string(i), principal("a", "z"), 0);
  int hits = 0;
  for (int i = 0; i < 1000; ++i) hits += cache.get("h" + std::to_string(i), 1).has_value();
  EXPECT_LE(hits, 32);
  EXPECT_GT(hits, 0);
  TokenCache off(0, 60);
  off.put("h", principal("a", "z"), 0);
  EXPECT_FALSE(off.get("h", 1));
}

}  // namespace
}  // namespace latchkey::service
