#include "core/text.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

TEST(Text, TrimBlanksOnlySpacesAndTabs) {
  EXPECT_EQ(trim_blanks(" \t a b \t "), "a b");
  EXPECT_EQ(trim_blanks("\na\r"), "\na\r");
  EXPECT_EQ(trim_blanks("   "), "");
}

TEST(Text, PercentEncodeKeepsWhatThePredicateKeeps) {
  EXPECT_EQ(percent_encode("a b/~é", is_unreserved), "a%20b%2F~%C3%A9");
  EXPECT_EQ(percent_encode(std::string("\0.", 2), [](unsigned char c) { return c != '.'; }),
            std::string("\0%2E", 4));
}

TEST(Text, PercentDecodeStrictOrKeepingMalformed) {
  EXPECT_EQ(percent_decode("a%2Eb%2e%00", false), std::string("a.b.\0", 5));
  EXPECT_FALSE(percent_decode("a%zz", false));
  EXPECT_FALSE(percent_decode("a%4", false));
  EXPECT_FALSE(percent_decode("%", false));
  EXPECT_EQ(percent_decode("%41%zz%4", true), "A%zz%4");
  const std::string all = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
    return s;
  }();
  EXPECT_EQ(percent_decode(percent_encode(all, is_unreserved), false), all);
}

}  // namespace
}  // namespace latchkey
