#include "core/random.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <vector>

namespace latchkey {
namespace {

TEST(Random, UuidIsVersion7TimeOrderedAndUnique) {
  SodiumRandom random;
  std::set<std::string> seen;
  const std::regex v7("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_uuid(random);
    EXPECT_TRUE(std::regex_match(id, v7)) << id;
    EXPECT_TRUE(seen.insert(id).second);
    // The first 48 bits are the creation time in ms: never before `before`,
    // and ids of different milliseconds sort by time.
    const auto ms = std::stoll(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
    EXPECT_GE(ms, before);
    EXPECT_LE(ms, before + 60'000);
    if (!previous.empty()) {
      EXPECT_GE(id.substr(0, 13), previous.substr(0, 13));
    }
    previous = id;
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

TEST(Random, BufferedSmallFillsAreDistinctAcrossBlocksAndThreads) {
  // 37-byte requests do not divide the 4 KiB block: some straddle a refill.
  SodiumRandom random;
  auto draw = [&random](std::set<std::string>& into) {
    for (int i = 0; i < 2000; ++i) {
      std::string bytes(37, '\0');
      random.fill(std::span(reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size()));
      into.insert(bytes);
    }
  };
  std::set<std::string> a, b;
  std::thread other([&] { draw(b); });
  draw(a);
  other.join();
  EXPECT_EQ(a.size(), 2000u);
  EXPECT_EQ(b.size(), 2000u);
  for (const auto& x : a) EXPECT_EQ(b.count(x), 0u) << "threads share no output";
  // A large request bypasses the block and is still random.
  std::vector<std::uint8_t> big(10000);
  random.fill(big);
  EXPECT_GT(std::set<std::uint8_t>(big.begin(), big.end()).size(), 200u);
}

}  // namespace
}  // namespace latchkey
