#include "core/secret.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

TEST(Secret, ComparesByValue) {
  Secret s("hunter2-hunter2");
  EXPECT_TRUE(s.equals("hunter2-hunter2"));
  EXPECT_FALSE(s.equals("hunter2-hunter3"));
  EXPECT_FALSE(s.equals("hunter2"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(Secret, MovedFromIsEmpty) {
  Secret a("value");
  Secret b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): that is the point
  EXPECT_EQ(b.reveal(), "value");
}

}  // namespace
}  // namespace latchkey
