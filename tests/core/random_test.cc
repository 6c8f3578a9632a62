#include "core/random.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace latchkey {
namespace {

TEST(Random, UuidIsVersion4AndUnique) {
  SodiumRandom random;
  std::set<std::string> seen;
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 1000; ++i) {
    auto id = new_uuid(random);
    EXPECT_TRUE(std::regex_match(id, v4)) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(Random, UniformStaysInBounds) {
  SodiumRandom random;
  int counts[20] = {};
  for (int i = 0; i < 20000; ++i) {
    auto v = random.uniform(20);
    ASSERT_LT(v, 20u);
    ++counts[v];
  }
  for (int c : counts) EXPECT_GT(c, 700);  // expected 1000 each
}

}  // namespace
}  // namespace latchkey
