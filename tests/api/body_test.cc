#include "api/body.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace latchkey::api {
namespace {

TEST(Body, EmptyIsEmptyObjectAndNonObjectsAreBadRequest) {
  EXPECT_TRUE(parse_body("")->empty());
  EXPECT_TRUE(parse_body("  \n")->empty());
  EXPECT_EQ(parse_body("[1]").error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_body("{\"a\":").error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_body(std::string(100, '[')).error().code, ErrorCode::kBadRequest);
}

TEST(Body, IntegerFieldAcceptsWhatTheHerokuCliSends) {
  auto o = *parse_body(R"({"a":3600,"b":"3600","c":null,"d":"soon","e":1.5,"f":"12x","g":""})");
  EXPECT_EQ(**integer_field(o, "a"), 3600);
  EXPECT_EQ(**integer_field(o, "b"), 3600);
  EXPECT_FALSE(*integer_field(o, "c"));
  EXPECT_FALSE(*integer_field(o, "missing"));
  for (const char* k : {"d", "e", "f", "g"}) {
    auto r = integer_field(o, k);
    ASSERT_FALSE(r) << k;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidParams);
    EXPECT_NE(r.error().message.find(k), std::string::npos);
  }
}

TEST(Body, StringsAndLists) {
  auto o = *parse_body(R"({"s":"x","n":5,"l":["a","b"],"bad":["a",1]})");
  EXPECT_EQ(**string_field(o, "s"), "x");
  EXPECT_FALSE(string_field(o, "n"));
  EXPECT_EQ(required_string(o, "missing").error().code, ErrorCode::kInvalidParams);
  EXPECT_EQ((*string_list_field(o, "l"))->size(), 2u);
  EXPECT_FALSE(string_list_field(o, "bad"));
  EXPECT_FALSE(string_list_field(o, "s"));
}

}  // namespace
}  // namespace latchkey::api
