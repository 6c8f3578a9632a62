// access, access:add, access:update, access:remove through run() with a
// scripted transport: which endpoint each uses (personal or team app), the
// permission list sent (sorted, unique, "view" added) and the table printed.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

constexpr std::string_view kPersonal = R"({"name":"my-app","team":null})";
constexpr std::string_view kTeamApp = R"({"name":"team-app","team":{"id":"t1","name":"ops"}})";

using AccessCommandsTest = testing::ApiCliTest;

TEST_F(AccessCommandsTest, ListShowsRolesAndPermissions) {
  transport.respond(200, R"([{"user":{"email":"zed@example.com"},"role":null,)"
                         R"("permissions":[{"name":"view"},{"name":"deploy"}]},)"
                         R"({"user":{"email":"me@example.com"},"role":"owner","permissions":[]}])");
  ASSERT_EQ(run_cli({"access", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app/collaborators"));
  EXPECT_EQ(out.str(),
            "=== my-app Access List\n\n"
            "Email           Role         Permissions\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
            "me@example.com  owner        \n"
            "zed@example.com collaborator view, deploy\n");
}

TEST_F(AccessCommandsTest, ListWithoutPermissionsAndAsJson) {
  transport.respond(200, R"([{"user":{"email":"b@example.com"},"role":"collaborator"}])");
  ASSERT_EQ(run_cli({"access", "-a", "my-app"}), 0);
  EXPECT_EQ(out.str().find("Permissions"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("b@example.com collaborator\n"), std::string::npos) << out.str();
  transport.respond(200, R"([{"user":{"email":"b@example.com"}}])");
  ASSERT_EQ(run_cli({"access", "-a", "my-app", "--json"}), 0);
  EXPECT_EQ(out.str(), "[\n  {\n    \"user\": {\n      \"email\": \"b@example.com\"\n    }\n  }\n]\n");
}

TEST_F(AccessCommandsTest, AddToAPersonalApp) {
  transport.respond(200, std::string(kPersonal));
  transport.respond(201, R"({"id":"c1"})");
  ASSERT_EQ(run_cli({"access:add", "friend@example.com", "-a", "my-app"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app"));
  EXPECT_EQ(line(1), "POST " + url("/apps/my-app/collaborators"));
  EXPECT_EQ(body(1), R"({"user":"friend@example.com"})");
  EXPECT_EQ(err.str(), "Adding friend@example.com access to the app my-app... done\n");
}

TEST_F(AccessCommandsTest, AddWithPermissionsOrToATeamAppUsesTheTeamEndpoint) {
  transport.respond(200, std::string(kPersonal));
  transport.respond(201, R"({"id":"c1"})");
  ASSERT_EQ(
      run_cli({"access:add", "friend@example.com", "-a", "my-app", "-p", "operate,deploy,deploy", "-p", "manage"}), 0)
      << err.str();
  EXPECT_EQ(line(1), "POST " + url("/teams/apps/my-app/collaborators"));
  EXPECT_EQ(body(1), R"({"user":"friend@example.com","permissions":["deploy","manage","operate","view"]})");
  EXPECT_EQ(err.str(),
            "Adding friend@example.com access to the app my-app with deploy, manage, operate, view permissions... "
            "done\n");

  transport.respond(200, std::string(kTeamApp));
  transport.respond(201, R"({"id":"c2"})");
  ASSERT_EQ(run_cli({"access:add", "friend@example.com", "-a", "team-app"}), 0) << err.str();
  EXPECT_EQ(line(3), "POST " + url("/teams/apps/team-app/collaborators"));
  EXPECT_EQ(body(3), R"({"user":"friend@example.com","permissions":["view"]})");
}

TEST_F(AccessCommandsTest, AddOfAnUnknownUserShowsTheServersError) {
  transport.respond(200, std::string(kPersonal));
  transport.respond(404, R"({"id":"not_found","resource":"user","message":"Couldn't find that user."})");
  EXPECT_EQ(run_cli({"access:add", "nobody@example.com", "-a", "my-app"}), 2);
  EXPECT_EQ(err.str(), "Adding nobody@example.com access to the app my-app... failed\n"
                       "Error: Couldn't find that user.\nError ID: not_found\n");
}

TEST_F(AccessCommandsTest, UpdatePatchesTheTeamCollaborator) {
  transport.respond(200, R"({"id":"c1"})");
  ASSERT_EQ(run_cli({"access:update", "friend@example.com", "-a", "team-app", "-p", "deploy"}), 0) << err.str();
  EXPECT_EQ(line(0), "PATCH " + url("/teams/apps/team-app/collaborators/friend%40example.com"));
  EXPECT_EQ(body(0), R"({"permissions":["deploy","view"]})");
  EXPECT_EQ(err.str(), "Updating friend@example.com in the app team-app with deploy, view permissions... done\n");

  EXPECT_EQ(run_cli({"access:update", "friend@example.com", "-a", "team-app"}), 1);
  EXPECT_NE(err.str().find("-p/--permissions is required"), std::string::npos);
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(AccessCommandsTest, RemoveDeletesTheCollaborator) {
  transport.respond(200, R"({"id":"c1"})");
  ASSERT_EQ(run_cli({"access:remove", "friend@example.com", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "DELETE " + url("/apps/my-app/collaborators/friend%40example.com"));
  EXPECT_EQ(request(0).body, std::nullopt);
  EXPECT_EQ(err.str(), "Removing friend@example.com access from the app my-app... done\n");
}

TEST_F(AccessCommandsTest, TheAppComesFromTheGitRemote) {
  git.remote_list = {{"heroku", "https://127.0.0.1:5000/remote-app.git"}};
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"access"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/remote-app/collaborators"));
}

}  // namespace
}  // namespace latchkey::cli
