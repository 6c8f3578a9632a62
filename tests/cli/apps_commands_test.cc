// apps, apps:create, apps:info, apps:destroy through run() with a scripted
// transport and an in-memory git: requests, output, app resolution from git
// remotes, the remote added on create and removed on destroy.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;

constexpr std::string_view kApp =
    R"({"id":"a1","name":"my-app","owner":{"email":"me@example.com","id":"u1"},"team":null,)"
    R"("region":{"id":"r1","name":"us"},"stack":{"id":"s1","name":"heroku-24"},)"
    R"("git_url":"https://127.0.0.1:5000/my-app.git","web_url":"https://my-app.latchkeyapp.localhost/",)"
    R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"})";

using AppsCommandsTest = testing::ApiCliTest;

TEST_F(AppsCommandsTest, ListSplitsOwnAndCollaboratedApps) {
  transport.respond(200, R"([{"name":"zeta","owner":{"email":"me@example.com"},"region":{"name":"eu"}},)"
                         R"({"name":"theirs","owner":{"email":"other@example.com"},"region":{"name":"us"}},)"
                         R"({"name":"alpha","owner":{"email":"me@example.com"},"region":{"name":"us"}}])");
  transport.respond(200, R"({"email":"me@example.com"})");
  ASSERT_EQ(run_cli({"apps"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/users/~/apps"));
  EXPECT_EQ(FakeTransport::header(request(0), "Authorization"), "Bearer lka_tok");
  EXPECT_EQ(line(1), "GET " + url("/account"));
  EXPECT_EQ(out.str(),
            "=== me@example.com Apps\n\n"
            "alpha\n"
            "zeta (eu)\n"
            "\n=== Collaborated Apps\n\n"
            "Name   Email\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500 \u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
            "theirs other@example.com\n");
}

TEST_F(AppsCommandsTest, ListVariants) {
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"apps"}), 0);
  EXPECT_EQ(out.str(), "You have no apps.\n");
  EXPECT_EQ(transport.requests.size(), 1u);

  transport.respond(200, R"([{"name":"a","owner":{"email":"x@example.com"}}])");
  ASSERT_EQ(run_cli({"apps", "-A", "--json"}), 0);
  EXPECT_EQ(line(1), "GET " + url("/apps"));
  EXPECT_EQ(out.str(),
            "[\n  {\n    \"name\": \"a\",\n    \"owner\": {\n      \"email\": \"x@example.com\"\n    }\n  }\n]\n");

  transport.respond(200, R"([{"name":"b"},{"name":"a","region":{"name":"eu"}}])");
  ASSERT_EQ(run_cli({"apps", "-t", "my team"}), 0);
  EXPECT_EQ(line(2), "GET " + url("/teams/my%20team/apps"));
  EXPECT_EQ(out.str(), "=== Apps in team my team\n\na (eu)\nb\n");

  env.set("HEROKU_TEAM", "ops");
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"apps"}), 0);
  EXPECT_EQ(line(3), "GET " + url("/teams/ops/apps"));
  EXPECT_EQ(out.str(), "There are no apps in team ops.\n");
}

TEST_F(AppsCommandsTest, CreatePrintsUrlsAndAddsTheRemoteInAWorkTree) {
  transport.respond(201, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:create", "my-app", "--region", "us"}), 0) << err.str();
  EXPECT_EQ(line(0), "POST " + url("/apps"));
  EXPECT_EQ(request(0).body.value_or(""), R"({"name":"my-app","region":"us"})");
  EXPECT_EQ(out.str(), "https://my-app.latchkeyapp.localhost/ | https://127.0.0.1:5000/my-app.git\n");
  EXPECT_EQ(err.str(), "Creating my-app... done\n");
  EXPECT_EQ(git.log, (std::vector<std::string>{"remote add heroku https://127.0.0.1:5000/my-app.git"}));
}

TEST_F(AppsCommandsTest, CreateWithoutNameInATeamWithAGitHostAndNoRemote) {
  env.set("LATCHKEY_GIT_HOST", "git.example.com");
  transport.respond(201, std::string(kApp));
  ASSERT_EQ(run_cli({"create", "-t", "ops", "--no-remote"}), 0) << err.str();
  EXPECT_EQ(line(0), "POST " + url("/teams/apps"));
  EXPECT_EQ(request(0).body.value_or(""), R"({"team":"ops"})");
  EXPECT_EQ(err.str(), "Creating app... done, my-app\n");
  EXPECT_EQ(out.str(), "https://my-app.latchkeyapp.localhost/ | https://git.example.com/my-app.git\n");
  EXPECT_TRUE(git.log.empty());
}

TEST_F(AppsCommandsTest, CreateOutsideAWorkTreeOrWithAnExistingRemoteLeavesGitAlone) {
  git.in_repo = false;
  transport.respond(201, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:create", "my-app"}), 0);
  EXPECT_TRUE(git.log.empty());

  git.in_repo = true;
  git.remote_list = {{"heroku", "https://127.0.0.1:5000/old.git"}};
  transport.respond(201, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:create", "my-app"}), 0);
  EXPECT_TRUE(git.log.empty());
  EXPECT_NE(err.str().find("Warning: git remote heroku already exists"), std::string::npos) << err.str();

  transport.respond(201, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:create", "my-app", "--remote", "staging"}), 0);
  EXPECT_EQ(git.log, (std::vector<std::string>{"remote add staging https://127.0.0.1:5000/my-app.git"}));
}

TEST_F(AppsCommandsTest, CreateShowsTheServersError) {
  transport.respond(422, R"({"id":"invalid_params","message":"Name must start with a letter."})");
  EXPECT_EQ(run_cli({"apps:create", "9bad"}), 2);
  EXPECT_EQ(err.str(), "Creating 9bad... failed\nError: Name must start with a letter.\nError ID: invalid_params\n");
  EXPECT_EQ(out.str(), "");
  EXPECT_TRUE(git.log.empty());
}

TEST_F(AppsCommandsTest, InfoShowsTheApp) {
  transport.respond(200, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:info", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app"));
  EXPECT_EQ(out.str(),
            "=== my-app\n\n"
            "Git URL: https://127.0.0.1:5000/my-app.git\n"
            "Owner:   me@example.com\n"
            "Region:  us\n"
            "Stack:   heroku-24\n"
            "Web URL: https://my-app.latchkeyapp.localhost/\n"
            "Created: 2026-01-01T00:00:00Z\n");
  transport.respond(200, R"({"name":"t","team":{"name":"ops"}})");
  ASSERT_EQ(run_cli({"info", "t", "--json"}), 0);
  EXPECT_EQ(line(1), "GET " + url("/apps/t"));
  EXPECT_EQ(out.str(), "{\n  \"name\": \"t\",\n  \"team\": {\n    \"name\": \"ops\"\n  }\n}\n");
}

TEST_F(AppsCommandsTest, TheAppComesFromTheFlagTheEnvironmentOrTheGitRemote) {
  git.remote_list = {{"origin", "git@github.com:me/x.git"}, {"heroku", "https://127.0.0.1:5000/from-remote.git"}};
  transport.respond(200, R"({"name":"from-remote"})");
  ASSERT_EQ(run_cli({"apps:info"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/from-remote"));

  env.set("HEROKU_APP", "from-heroku-env");
  transport.respond(200, R"({"name":"x"})");
  ASSERT_EQ(run_cli({"apps:info"}), 0);
  EXPECT_EQ(line(1), "GET " + url("/apps/from-heroku-env"));

  env.set("LATCHKEY_APP", "from-env");
  transport.respond(200, R"({"name":"x"})");
  ASSERT_EQ(run_cli({"apps:info"}), 0);
  EXPECT_EQ(line(2), "GET " + url("/apps/from-env"));

  transport.respond(200, R"({"name":"x"})");
  ASSERT_EQ(run_cli({"apps:info", "-r", "heroku"}), 0);
  EXPECT_EQ(line(3), "GET " + url("/apps/from-remote"));

  transport.respond(200, R"({"name":"x"})");
  ASSERT_EQ(run_cli({"apps:info", "-a", "flag"}), 0);
  EXPECT_EQ(line(4), "GET " + url("/apps/flag"));
}

TEST_F(AppsCommandsTest, NoAppOrSeveralAppsInRemotesIsALocalError) {
  git.remote_list = {{"origin", "git@github.com:me/x.git"}};
  EXPECT_EQ(run_cli({"apps:info"}), 1);
  EXPECT_NE(err.str().find("Missing required flag -a, --app"), std::string::npos) << err.str();

  git.remote_list = {{"heroku", "https://127.0.0.1:5000/one.git"}, {"staging", "https://127.0.0.1:5000/two.git"},
                     {"mirror", "https://127.0.0.1:5000/one.git"}};
  EXPECT_EQ(run_cli({"apps:info"}), 1);
  EXPECT_NE(err.str().find("Multiple apps in git remotes: one (heroku), two (staging), one (mirror)"),
            std::string::npos)
      << err.str();
  EXPECT_EQ(run_cli({"apps:info", "-r", "nope"}), 1);
  EXPECT_NE(err.str().find("git remote nope not found"), std::string::npos) << err.str();
  EXPECT_TRUE(transport.requests.empty());

  git.remote_list.pop_back();
  git.remote_list.pop_back();
  git.remote_list.push_back({"mirror", "https://127.0.0.1:5000/one.git"});
  transport.respond(200, R"({"name":"one"})");
  EXPECT_EQ(run_cli({"apps:info"}), 0) << err.str();  // two remotes, one app
}

TEST_F(AppsCommandsTest, DestroyWithConfirmDeletesAndRemovesRemotes) {
  git.remote_list = {{"heroku", "https://127.0.0.1:5000/my-app.git"}, {"origin", "git@github.com:me/x.git"},
                     {"other", "https://127.0.0.1:5000/my-app-2.git"}};
  transport.respond(200, std::string(kApp));
  transport.respond(200, std::string(kApp));
  ASSERT_EQ(run_cli({"apps:destroy", "-a", "my-app", "--confirm", "my-app"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app"));
  EXPECT_EQ(line(1), "DELETE " + url("/apps/my-app"));
  EXPECT_EQ(err.str(), "Destroying my-app... done\n");
  EXPECT_EQ(git.log, (std::vector<std::string>{"remote remove heroku"}));
}

TEST_F(AppsCommandsTest, DestroyAsksOnATerminalAndRefusesScripts) {
  transport.respond(200, std::string(kApp));
  EXPECT_EQ(run_cli({"apps:destroy", "my-app"}), 1);
  EXPECT_NE(err.str().find("Re-run with --confirm my-app"), std::string::npos) << err.str();
  EXPECT_EQ(transport.requests.size(), 1u);  // no DELETE

  transport.respond(200, std::string(kApp));
  EXPECT_EQ(run_cli({"apps:destroy", "my-app", "--confirm", "other"}), 1);
  EXPECT_NE(err.str().find("Confirmation other did not match my-app. Aborted."), std::string::npos);
  EXPECT_EQ(transport.requests.size(), 2u);

  interactive = true;
  transport.respond(200, std::string(kApp));
  EXPECT_EQ(run_cli({"apps:destroy", "my-app"}, {"wrong"}), 1);
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"> "}));
  EXPECT_NE(err.str().find("WARNING: This will delete my-app"), std::string::npos);
  EXPECT_EQ(transport.requests.size(), 3u);

  transport.respond(200, std::string(kApp));
  transport.respond(200, std::string(kApp));
  EXPECT_EQ(run_cli({"destroy", "my-app"}, {"my-app"}), 0) << err.str();
  EXPECT_EQ(line(4), "DELETE " + url("/apps/my-app"));
}

TEST_F(AppsCommandsTest, DestroyOfAMissingAppShowsTheServersError) {
  transport.respond(404, R"({"id":"not_found","resource":"app","message":"Couldn't find that app."})");
  EXPECT_EQ(run_cli({"apps:destroy", "-a", "gone", "--confirm", "gone"}), 2);
  EXPECT_EQ(err.str(), "Error: Couldn't find that app.\nError ID: not_found\n");
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(AppsCommandsTest, NotLoggedInMakesNoRequest) {
  env = Environment({{"HOME", home.path().string()}});
  EXPECT_EQ(run_cli({"apps"}), 100);
  EXPECT_EQ(run_cli({"apps:info", "-a", "x"}), 100);
  EXPECT_TRUE(transport.requests.empty());
}

}  // namespace
}  // namespace latchkey::cli
