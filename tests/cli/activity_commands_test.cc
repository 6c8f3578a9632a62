// activity: the account's security events through run() with a scripted
// transport — the request (path, Range), the table, --json and bad limits.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using ActivityCommandsTest = testing::ApiCliTest;

constexpr const char* kEvents = R"([
  {"id":"e2","seq":2,"created_at":"2026-01-02T03:04:06Z","action":"collaborator.added","outcome":"success",
   "ip":"203.0.113.7","user_agent":"latchkey-cli","detail":{"app":"web-1","user":"b@example.com"}},
  {"id":"e1","seq":1,"created_at":"2026-01-02T03:04:05Z","action":"login.failed","outcome":"failure",
   "ip":"198.51.100.2","user_agent":"curl","detail":{}}
])";

TEST_F(ActivityCommandsTest, TableNewestFirstWithOnePageRange) {
  transport.respond(200, kEvents);
  ASSERT_EQ(run_cli({"activity"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/account/events"));
  EXPECT_EQ(testing::FakeTransport::header(request(0), "Range"), "seq ..; max=25");
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("=== Security activity (newest first)\n\n", 0), 0u) << text;
  const auto first = text.find("collaborator.added");
  const auto second = text.find("login.failed");
  ASSERT_NE(first, std::string::npos) << text;
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_LT(first, second);
  EXPECT_NE(text.find("2026-01-02T03:04:06Z"), std::string::npos);
  EXPECT_NE(text.find("app web-1, user b@example.com"), std::string::npos) << text;
  EXPECT_NE(text.find("failure"), std::string::npos);
  EXPECT_NE(text.find("198.51.100.2"), std::string::npos);
}

TEST_F(ActivityCommandsTest, LimitAndJson) {
  transport.respond(200, kEvents);
  ASSERT_EQ(run_cli({"activity", "-n", "2", "--json"}), 0) << err.str();
  EXPECT_EQ(testing::FakeTransport::header(request(0), "Range"), "seq ..; max=2");
  EXPECT_NE(out.str().find("\"action\": \"collaborator.added\""), std::string::npos) << out.str();
}

TEST_F(ActivityCommandsTest, EmptyAndBadLimit) {
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"activity"}), 0) << err.str();
  EXPECT_EQ(out.str(), "No activity yet.\n");
  EXPECT_NE(run_cli({"activity", "--limit", "0"}), 0);
  EXPECT_NE(run_cli({"activity", "--limit", "1001"}), 0);
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(ActivityCommandsTest, ServerErrorsAreShown) {
  transport.respond(403, R"({"id":"forbidden","message":"This token lacks the scope this request needs: global."})");
  EXPECT_EQ(run_cli({"activity"}), 2);
  EXPECT_NE(err.str().find("Error ID: forbidden"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace latchkey::cli
