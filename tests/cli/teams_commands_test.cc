// teams, teams:create, members, members:add, members:remove through run()
// with a scripted transport.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using TeamsCommandsTest = testing::ApiCliTest;

TEST_F(TeamsCommandsTest, TeamsTableSortedByName) {
  transport.respond(200, R"([{"name":"web","role":"member"},{"name":"ops","role":"admin"}])");
  ASSERT_EQ(run_cli({"teams"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/teams"));
  EXPECT_EQ(out.str(),
            "Team Role\n"
            "\u2500\u2500\u2500\u2500 \u2500\u2500\u2500\u2500\u2500\u2500\n"
            "ops  admin\n"
            "web  member\n");
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"teams"}), 0);
  EXPECT_EQ(out.str(), "You are not a member of any teams.\n");
}

TEST_F(TeamsCommandsTest, CreatePostsTheName) {
  transport.respond(201, R"({"id":"t1","name":"ops"})");
  ASSERT_EQ(run_cli({"teams:create", "ops"}), 0) << err.str();
  EXPECT_EQ(line(0), "POST " + url("/teams"));
  EXPECT_EQ(body(0), R"({"name":"ops"})");
  EXPECT_EQ(err.str(), "Creating team ops... done\n");
  transport.respond(422, R"({"id":"invalid_params","message":"Name is invalid."})");
  EXPECT_EQ(run_cli({"teams:create", "Bad!"}), 2);
  EXPECT_EQ(err.str(), "Creating team Bad!... failed\nError: Name is invalid.\nError ID: invalid_params\n");
}

TEST_F(TeamsCommandsTest, MembersNeedATeam) {
  EXPECT_EQ(run_cli({"members"}), 1);
  EXPECT_NE(err.str().find("Missing required flag -t, --team"), std::string::npos) << err.str();
  EXPECT_TRUE(transport.requests.empty());

  transport.respond(200, R"([{"email":"z@example.com","role":"viewer"},{"email":"a@example.com","role":"admin"}])");
  ASSERT_EQ(run_cli({"members", "-t", "ops"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/teams/ops/members"));
  EXPECT_EQ(out.str(),
            "Email         Role\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\n"
            "a@example.com admin\n"
            "z@example.com viewer\n");

  env.set("LATCHKEY_TEAM", "web");
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"members", "--json"}), 0);
  EXPECT_EQ(line(1), "GET " + url("/teams/web/members"));
  EXPECT_EQ(out.str(), "[]\n");
}

TEST_F(TeamsCommandsTest, AddPutsTheMemberWithItsRole) {
  transport.respond(200, R"({"email":"new@example.com","role":"member"})");
  ASSERT_EQ(run_cli({"members:add", "new@example.com", "-t", "ops", "--role", "member"}), 0) << err.str();
  EXPECT_EQ(line(0), "PUT " + url("/teams/ops/members"));
  EXPECT_EQ(body(0), R"({"email":"new@example.com","role":"member"})");
  EXPECT_EQ(err.str(), "Adding new@example.com to ops as member... done\n");
  EXPECT_EQ(run_cli({"members:add", "new@example.com", "-t", "ops"}), 1);  // --role is required
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(TeamsCommandsTest, RemoveDeletesTheMember) {
  transport.respond(200, R"({"email":"old@example.com"})");
  ASSERT_EQ(run_cli({"members:remove", "old@example.com", "-t", "ops"}), 0) << err.str();
  EXPECT_EQ(line(0), "DELETE " + url("/teams/ops/members/old%40example.com"));
  EXPECT_EQ(request(0).body, std::nullopt);
  EXPECT_EQ(err.str(), "Removing old@example.com from ops... done\n");
  transport.respond(409, R"({"id":"conflict","message":"A team needs at least one admin."})");
  EXPECT_EQ(run_cli({"members:remove", "me@example.com", "-t", "ops"}), 2);
  EXPECT_NE(err.str().find("Error ID: conflict"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::cli
