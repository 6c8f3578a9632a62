// The leaked-token report parser (POST /token-leaks): GitHub's partner format,
// only "token" required, bounded entries and lengths, Heroku-style errors.
#include <gtest/gtest.h>

#include "api/leak_report.h"

namespace latchkey::api {
namespace {

TEST(LeakReport, ReadsThePartnerFormat) {
  auto r = parse_leak_report(
      R"([{"token":"lka_x","type":"latchkey_api_key","url":"https://e.com/a","source":"content","extra":1},
          {"token":"lko_y"}])",
      10);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].token, "lka_x");
  EXPECT_EQ((*r)[0].type, "latchkey_api_key");
  EXPECT_EQ((*r)[0].url, "https://e.com/a");
  EXPECT_EQ((*r)[0].source, "content");
  EXPECT_EQ((*r)[1].token, "lko_y");
  EXPECT_EQ((*r)[1].url, "");
}

TEST(LeakReport, RefusesWhatIsNotAnArrayOfTokenObjects) {
  EXPECT_EQ(parse_leak_report(R"({"token":"x"})", 10).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_leak_report("[", 10).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_leak_report("", 10).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_leak_report(R"(["lka_x"])", 10).error().code, ErrorCode::kInvalidParams);
  EXPECT_EQ(parse_leak_report(R"([{"type":"x"}])", 10).error().code, ErrorCode::kInvalidParams);
  EXPECT_EQ(parse_leak_report(R"([{"token":5}])", 10).error().code, ErrorCode::kInvalidParams);
  EXPECT_EQ(parse_leak_report("[{\"token\":\"" + std::string(300, 'a') + "\"}]", 10).error().code,
            ErrorCode::kInvalidParams);
  EXPECT_EQ(parse_leak_report(R"([[[[[[]]]]]])", 10).error().code, ErrorCode::kBadRequest);
}

TEST(LeakReport, CapsTheNumberOfEntries) {
  EXPECT_TRUE(parse_leak_report(R"([{"token":"a"},{"token":"b"}])", 2));
  EXPECT_EQ(parse_leak_report(R"([{"token":"a"},{"token":"b"},{"token":"c"}])", 2).error().code,
            ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(parse_leak_report("[]", 2)) << "an empty report is answered with an empty list";
}

}  // namespace
}  // namespace latchkey::api
