#include "http/credentials.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

using K = Credentials::Kind;

TEST(Credentials, Bearer) {
  auto c = parse_authorization("Bearer lko_abc");
  EXPECT_EQ(c.kind, K::kBearer);
  EXPECT_EQ(c.secret, "lko_abc");
  EXPECT_EQ(parse_authorization("bearer  x ").secret, "x");
}

TEST(Credentials, BasicSplitsAtTheFirstColon) {
  // "heroku:pa:ss" → user heroku, secret pa:ss
  auto c = parse_authorization("Basic aGVyb2t1OnBhOnNz");
  EXPECT_EQ(c.kind, K::kBasic);
  EXPECT_EQ(c.user, "heroku");
  EXPECT_EQ(c.secret, "pa:ss");
}

TEST(Credentials, MalformedAndAbsent) {
  EXPECT_EQ(parse_authorization(std::nullopt).kind, K::kNone);
  EXPECT_EQ(parse_authorization("Basic !!!").kind, K::kMalformed);
  EXPECT_EQ(parse_authorization("Basic bm9jb2xvbg==").kind, K::kMalformed);  // "nocolon"
  EXPECT_EQ(parse_authorization("Digest x").kind, K::kMalformed);
  EXPECT_EQ(parse_authorization(std::string(5000, 'a')).kind, K::kMalformed);
}

}  // namespace
}  // namespace latchkey::http
