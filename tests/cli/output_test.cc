#include "cli/output.h"

#include <gtest/gtest.h>

#include <sstream>

#include <boost/json/parse.hpp>

namespace latchkey::cli {
namespace {

TEST(Output, PrettyJsonLikeJsonStringify) {
  auto v = boost::json::parse(R"({"a":[1,"x",{}],"b":{"c":null},"d":[]})");
  EXPECT_EQ(pretty_json(v), "{\n  \"a\": [\n    1,\n    \"x\",\n    {}\n  ],\n  \"b\": {\n    \"c\": null\n  },\n"
                            "  \"d\": []\n}");
}

TEST(Output, TableAlignsColumns) {
  std::ostringstream out;
  print_table(out, {"Description", "ID"}, {{"a", "1"}, {"longer text", "22"}});
  EXPECT_EQ(out.str(),
            "Description ID\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 \u2500\u2500\n"
            "a           1\n"
            "longer text 22\n");
}

TEST(Output, FieldsAreAligned) {
  std::ostringstream out;
  print_fields(out, {{"ID", "1"}, {"Description", "d"}});
  EXPECT_EQ(out.str(), "ID:          1\nDescription: d\n");
}

TEST(Output, FailureLines) {
  std::ostringstream err;
  print_failure(err, Failure{Failure::Kind::kApi, "Invalid credentials", "unauthorized", "", 401});
  EXPECT_EQ(err.str(), "Error: Invalid credentials\nError ID: unauthorized\n");
}

TEST(Output, JsonAccessors) {
  auto v = boost::json::parse(R"({"access_token":{"token":"t","expires_in":60},"n":"x"})");
  EXPECT_EQ(json_string(v, {"access_token", "token"}), "t");
  EXPECT_EQ(json_string(v, {"access_token", "missing"}), "");
  EXPECT_EQ(json_string(v, {"n", "deeper"}), "");
  EXPECT_EQ(json_int(v, {"access_token", "expires_in"}), 60);
  EXPECT_FALSE(json_int(v, {"n"}).has_value());
}

TEST(Output, DescribeExpiry) {
  EXPECT_EQ(describe_expiry(0, 2592000), "1970-01-31T00:00:00Z (in 30 days)");
  EXPECT_EQ(describe_expiry(0, 7200), "1970-01-01T02:00:00Z (in 2 hours)");
}

}  // namespace
}  // namespace latchkey::cli
