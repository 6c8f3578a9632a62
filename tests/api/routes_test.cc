#include "api/routes.h"

#include <gtest/gtest.h>

#include <string_view>

namespace latchkey::api {
namespace {

TEST(Routes, MatchesWithParamsAndDecodesThem) {
  std::vector<std::string> params;
  bool exists = false;
  auto* r = match_route("POST", "/oauth/authorizations/%7E/actions/regenerate-tokens", params, exists);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(std::string(r->pattern), "/oauth/authorizations/{id}/actions/regenerate-tokens");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0], "~");
}

TEST(Routes, MethodMissVersusPathMiss) {
  std::vector<std::string> params;
  bool exists = false;
  EXPECT_EQ(match_route("PUT", "/oauth/authorizations", params, exists), nullptr);
  EXPECT_TRUE(exists);
  EXPECT_EQ(match_route("GET", "/nowhere", params, exists), nullptr);
  EXPECT_FALSE(exists);
  EXPECT_EQ(match_route("GET", "/oauth/authorizations//", params, exists), nullptr);
}

TEST(Routes, HeadFollowsGet) {
  std::vector<std::string> params;
  bool exists = false;
  EXPECT_NE(match_route("HEAD", "/livez", params, exists), nullptr);
}

TEST(Routes, EveryAuthenticatedRouteIsAPlatformRoute) {
  for (const auto& r : route_table())
    // /debug/fault exists only with debug.fault_route (a test-only switch, S55).
    if (r.auth != AuthMode::kNone && std::string_view(r.pattern) != "/debug/fault") {
      EXPECT_TRUE(r.platform_api) << r.pattern;
    }
}

}  // namespace
}  // namespace latchkey::api
