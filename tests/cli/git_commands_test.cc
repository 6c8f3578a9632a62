// git:remote and git:credentials through run(), and the credential helper
// that login offers and logout removes. git:credentials speaks git's
// credential protocol on stdin/stdout and never makes an HTTP request.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::read_text;
using testing::write_text;

constexpr std::string_view kHelperKey = "credential.https://127.0.0.1:5000.helper";
constexpr std::string_view kHelperValue = "!/opt/latchkey/bin/latchkey --api-url http://127.0.0.1:5000 git:credentials";
constexpr std::string_view kGitRequest = "protocol=https\nhost=127.0.0.1:5000\npath=my-app.git\n\n";

class GitCommandsTest : public testing::CliTest {
 protected:
  const HttpRequest& request(std::size_t i) const { return transport.requests.at(i); }
  void stored_login() {
    write_text(netrc(), "machine 127.0.0.1:5000\n  login me@example.com\n  password lko_SECRET\n");
  }
  int helper(std::string op, std::string_view input) {
    in.str(std::string(input));
    in.clear();
    return run_cli({"git:credentials", std::move(op)});
  }
  // login -i's three replies: the authorization, GET /account.
  void respond_login() {
    transport.respond(201, R"({"id":"a1","access_token":{"token":"lko_NEW"}})");
    transport.respond(200, R"({"email":"me@example.com","two_factor_authentication":true})");
  }
};

TEST_F(GitCommandsTest, RemoteAddsOrRepointsTheNamedRemote) {
  env.set("LATCHKEY_API_KEY", "lka_tok");
  transport.respond(200, R"({"name":"my-app"})");
  ASSERT_EQ(run_cli({"git:remote", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(request(0).method + " " + request(0).url, "GET http://127.0.0.1:5000/apps/my-app");
  EXPECT_EQ(out.str(), "set git remote heroku to https://127.0.0.1:5000/my-app.git\n");
  EXPECT_EQ(git.log, (std::vector<std::string>{"remote add heroku https://127.0.0.1:5000/my-app.git"}));

  env.set("LATCHKEY_GIT_HOST", "localhost:8443");
  transport.respond(200, R"({"name":"my-app"})");
  ASSERT_EQ(run_cli({"git:remote", "-a", "my-app", "-r", "heroku"}), 0) << err.str();
  EXPECT_EQ(out.str(), "set git remote heroku to https://localhost:8443/my-app.git\n");
  EXPECT_EQ(git.log.back(), "remote set-url heroku https://localhost:8443/my-app.git");
}

TEST_F(GitCommandsTest, RemoteNeedsARepositoryAndAnApp) {
  env.set("LATCHKEY_API_KEY", "lka_tok");
  git.in_repo = false;
  EXPECT_EQ(run_cli({"git:remote", "-a", "my-app"}), 1);
  EXPECT_NE(err.str().find("not inside a git repository"), std::string::npos) << err.str();
  git.in_repo = true;
  EXPECT_EQ(run_cli({"git:remote"}), 1);
  EXPECT_NE(err.str().find("Missing required flag -a, --app"), std::string::npos) << err.str();
  transport.respond(404, R"({"id":"not_found","resource":"app","message":"Couldn't find that app."})");
  EXPECT_EQ(run_cli({"git:remote", "-a", "nope"}), 2);
  EXPECT_TRUE(git.log.empty());
}

TEST_F(GitCommandsTest, CredentialsGetAnswersWithTheStoredLoginForTheGitHost) {
  stored_login();
  ASSERT_EQ(helper("get", kGitRequest), 0) << err.str();
  EXPECT_EQ(out.str(), "username=me@example.com\npassword=lko_SECRET\n");
  EXPECT_TRUE(transport.requests.empty());

  ASSERT_EQ(helper("get", "protocol=https\r\nhost=127.0.0.1:5000\r\n"), 0);  // CRLF, no blank line
  EXPECT_EQ(out.str(), "username=me@example.com\npassword=lko_SECRET\n");
}

TEST_F(GitCommandsTest, CredentialsGetIgnoresOtherHostsAndProtocols) {
  stored_login();
  for (std::string_view request : {"protocol=https\nhost=github.com\n\n", "protocol=http\nhost=127.0.0.1:5000\n\n",
                                   "protocol=https\nhost=127.0.0.1:50001\n\n", "protocol=https\nhost=127.0.0.1\n\n",
                                   "host=127.0.0.1:5000\n\n", ""}) {
    ASSERT_EQ(helper("get", request), 0) << request;
    EXPECT_EQ(out.str(), "") << request;
  }
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(GitCommandsTest, CredentialsFollowTheGitHostAndTheEnvironmentToken) {
  stored_login();
  env.set("LATCHKEY_GIT_HOST", "git.example.com");
  ASSERT_EQ(helper("get", "protocol=https\nhost=GIT.example.com\n\n"), 0);
  EXPECT_EQ(out.str(), "username=me@example.com\npassword=lko_SECRET\n");
  ASSERT_EQ(helper("get", kGitRequest), 0);
  EXPECT_EQ(out.str(), "");

  env.set("LATCHKEY_API_KEY", "lka_ENV");
  ASSERT_EQ(helper("get", "protocol=https\nhost=git.example.com\n\n"), 0);
  EXPECT_EQ(out.str(), "username=latchkey\npassword=lka_ENV\n");
}

TEST_F(GitCommandsTest, CredentialsWithoutALoginOrForStoreAndEraseSayNothing) {
  ASSERT_EQ(helper("get", kGitRequest), 0);
  EXPECT_EQ(out.str(), "");
  write_text(netrc(), "machine 127.0.0.1:5000\n  password lko_NOLOGIN\n");
  ASSERT_EQ(helper("get", kGitRequest), 0);
  EXPECT_EQ(out.str(), "username=latchkey\npassword=lko_NOLOGIN\n");
  stored_login();
  for (const char* op : {"store", "erase", "something-new"}) {
    ASSERT_EQ(helper(op, "protocol=https\nhost=127.0.0.1:5000\nusername=x\npassword=y\n\n"), 0) << op;
    EXPECT_EQ(out.str(), "") << op;
  }
  EXPECT_EQ(read_text(netrc()), "machine 127.0.0.1:5000\n  login me@example.com\n  password lko_SECRET\n");
  EXPECT_EQ(run_cli({"git:credentials"}), 1);  // the operation is required
}

TEST_F(GitCommandsTest, LoginOnATerminalOffersTheHelper) {
  interactive = true;
  respond_login();
  ASSERT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw", ""}), 0) << err.str();
  EXPECT_EQ(prompter.labels.back(), "Use latchkey as git's credential helper for https://127.0.0.1:5000? [Y/n] ");
  EXPECT_EQ(git.config.at(std::string(kHelperKey)), kHelperValue);
  EXPECT_EQ(git.log, (std::vector<std::string>{"config --global " + std::string(kHelperKey) + " " +
                                               std::string(kHelperValue)}));

  respond_login();  // already installed: no question
  ASSERT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_EQ(prompter.labels.size(), 2u);
  EXPECT_EQ(git.log.size(), 1u);
}

TEST_F(GitCommandsTest, LoginOnATerminalTakesNoForAnAnswer) {
  interactive = true;
  respond_login();
  ASSERT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw", "n"}), 0) << err.str();
  EXPECT_EQ(prompter.labels.size(), 3u);
  EXPECT_TRUE(git.log.empty());
  respond_login();
  ASSERT_EQ(run_cli({"login", "-i", "--no-git-credentials"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_EQ(prompter.labels.size(), 2u);
  EXPECT_TRUE(git.log.empty());
}

TEST_F(GitCommandsTest, LoginWithoutATerminalInstallsOnlyWhenAsked) {
  respond_login();
  ASSERT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_TRUE(git.log.empty());

  env.set("LATCHKEY_GIT_HOST", "git.example.com");
  git.config["credential.https://git.example.com.helper"] = "store";  // someone else's: replaced when asked
  respond_login();
  ASSERT_EQ(run_cli({"login", "-i", "--git-credentials"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_EQ(prompter.labels.size(), 2u);
  EXPECT_EQ(git.config.at("credential.https://git.example.com.helper"), kHelperValue);
  EXPECT_NE(err.str().find("git now asks latchkey for credentials for https://git.example.com"), std::string::npos)
      << err.str();

  EXPECT_EQ(run_cli({"login", "--git-credentials", "--no-git-credentials"}), 1);
}

TEST_F(GitCommandsTest, LogoutRemovesOnlyACliHelper) {
  stored_login();
  git.config[std::string(kHelperKey)] = std::string(kHelperValue);
  git.config["credential.https://github.com.helper"] = "!/opt/latchkey/bin/latchkey git:credentials";
  transport.respond(200, R"({"id":"s1"})");
  ASSERT_EQ(run_cli({"logout"}), 0) << err.str();
  EXPECT_FALSE(git.config.contains(std::string(kHelperKey)));
  EXPECT_TRUE(git.config.contains("credential.https://github.com.helper"));

  stored_login();
  git.config[std::string(kHelperKey)] = "store";
  transport.respond(200, R"({"id":"s1"})");
  ASSERT_EQ(run_cli({"logout"}), 0) << err.str();
  EXPECT_EQ(git.config.at(std::string(kHelperKey)), "store");
}

}  // namespace
}  // namespace latchkey::cli
