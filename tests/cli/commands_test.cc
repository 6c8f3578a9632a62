// Commands through run(): arguments in, stdout/stderr/exit code and HTTP
// requests out, with a scripted transport and a temporary HOME.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;
using testing::read_text;
using testing::write_text;

constexpr std::string_view kAuthorization =
    R"({"id":"a1","description":"Latchkey CLI login from box","scope":["global"],)"
    R"("access_token":{"id":"t1","token":"lko_NEWTOKEN","expires_in":2592000},)"
    R"("user":{"id":"u1","email":"me@example.com"},"session":{"id":"s1"},)"
    R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"})";

using CommandsTest = testing::CliTest;

TEST_F(CommandsTest, LoginInteractiveStoresTokenForTheApiMachine) {
  transport.respond(201, std::string(kAuthorization));
  transport.respond(200, R"({"id":"u1","email":"me@example.com"})");
  EXPECT_EQ(run_cli({"login", "-i"}, {"me@example.com", "correct horse battery"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Logged in as me@example.com\n");
  EXPECT_EQ(read_text(netrc()), "machine 127.0.0.1:5000\n  login me@example.com\n  password lko_NEWTOKEN\n");
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"Email: ", "Password: "}));
  EXPECT_EQ(prompter.hidden_flags, (std::vector<bool>{false, true}));

  ASSERT_EQ(transport.requests.size(), 2u);
  const HttpRequest& post = transport.requests[0];
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.url, "http://127.0.0.1:5000/oauth/authorizations");
  EXPECT_EQ(FakeTransport::header(post, "Latchkey-Login-Session"), "true");
  EXPECT_TRUE(FakeTransport::header(post, "Authorization").starts_with("Basic "));
  EXPECT_EQ(*post.body,
            R"({"description":"Latchkey CLI login from box","expires_in":2592000,"scope":["global"]})");
  EXPECT_EQ(FakeTransport::header(transport.requests[1], "Authorization"), "Bearer lko_NEWTOKEN");
}

TEST_F(CommandsTest, LoginRetriesOnceWithTheSecondFactor) {
  write_text(netrc(), "machine 127.0.0.1:5000 login old@example.com password old\n");
  transport.respond(403, R"({"id":"two_factor","message":"A second factor is required."})");
  transport.respond(201, std::string(kAuthorization));
  transport.respond(200, R"({"email":"me@example.com"})");
  EXPECT_EQ(run_cli({"login", "--interactive", "-e", "3600"}, {"", "pw", "123456"}), 0) << err.str();
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"Email [old@example.com]: ", "Password: ",
                                                       "Two-factor code: "}));
  EXPECT_EQ(FakeTransport::header(transport.requests[0], "Heroku-Two-Factor-Code"), "<absent>");
  EXPECT_EQ(FakeTransport::header(transport.requests[1], "Heroku-Two-Factor-Code"), "123456");
  EXPECT_NE(transport.requests[1].body->find(R"("expires_in":3600)"), std::string::npos);
  EXPECT_NE(read_text(netrc()).find("password lko_NEWTOKEN"), std::string::npos);
}

TEST_F(CommandsTest, LoginWithoutMfaOnAServerThatRequiresItSaysWhatToDo) {
  transport.respond(201, std::string(kAuthorization));
  transport.respond(200, R"({"email":"me@example.com","two_factor_authentication":false})");
  transport.respond(200, R"({"two_factor_authentication":false,"required":true})");
  EXPECT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Logged in as me@example.com\n");
  EXPECT_NE(err.str().find("Run: latchkey mfa:enable"), std::string::npos) << err.str();
  ASSERT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(transport.requests[2].url, "http://127.0.0.1:5000/account/mfa");
}

TEST_F(CommandsTest, LoginWithoutMfaWhereItIsOptionalStaysQuiet) {
  transport.respond(201, std::string(kAuthorization));
  transport.respond(200, R"({"email":"me@example.com","two_factor_authentication":false})");
  transport.respond(200, R"({"two_factor_authentication":false,"required":false})");
  EXPECT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw"}), 0) << err.str();
  EXPECT_EQ(err.str().find("mfa:enable"), std::string::npos) << err.str();
}

TEST_F(CommandsTest, LoginFailureShowsServerErrorAndStoresNothing) {
  transport.respond(401, R"({"id":"unauthorized","message":"Invalid credentials provided."})");
  EXPECT_EQ(run_cli({"login", "-i"}, {"me@example.com", "wrong"}), 2);
  EXPECT_EQ(err.str().substr(err.str().find("Error:")),
            "Error: Invalid credentials provided.\nError ID: unauthorized\n");
  EXPECT_FALSE(std::filesystem::exists(netrc()));
}

TEST_F(CommandsTest, LoginRejectsLongExpiryConflictingFlagsAndEnvironmentTokens) {
  EXPECT_EQ(run_cli({"login", "-i", "-e", "2592001"}), 1);
  EXPECT_NE(err.str().find("thirty days"), std::string::npos);
  EXPECT_EQ(run_cli({"login", "-i", "--browser"}), 1);
  EXPECT_NE(err.str().find("cannot be combined"), std::string::npos);
  EXPECT_EQ(run_cli({"login", "-e", "60", "--browser"}), 1);
  env.set("LATCHKEY_API_KEY", "x");
  EXPECT_EQ(run_cli({"login", "-i"}), 1);
  EXPECT_EQ(run_cli({"login"}), 1);
  EXPECT_NE(err.str().find("LATCHKEY_API_KEY"), std::string::npos);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(CommandsTest, NotLoggedInExits100WithoutRequest) {
  EXPECT_EQ(run_cli({"auth:whoami"}), 100);
  EXPECT_EQ(err.str(), "Error: not logged in\n");
  EXPECT_EQ(run_cli({"auth:token"}), 100);
  EXPECT_EQ(run_cli({"authorizations"}), 100);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(CommandsTest, WhoamiAndTokenUseTheNetrc) {
  write_text(netrc(), "machine 127.0.0.1:5000 login me@example.com password lko_tok\n");
  transport.respond(200, R"({"email":"me@example.com"})");
  EXPECT_EQ(run_cli({"whoami"}), 0);
  EXPECT_EQ(out.str(), "me@example.com\n");
  EXPECT_EQ(run_cli({"auth:token"}), 0);
  EXPECT_EQ(out.str(), "lko_tok\n");
  EXPECT_NE(err.str().find("secret"), std::string::npos);
}

TEST_F(CommandsTest, UnauthorizedTellsTheUserToLogIn) {
  write_text(netrc(), "machine 127.0.0.1:5000 login me@example.com password lko_dead\n");
  transport.respond(401, R"({"id":"unauthorized","message":"Invalid credentials provided."})");
  EXPECT_EQ(run_cli({"auth:whoami"}), 2);
  EXPECT_EQ(err.str(), "Error: Invalid credentials provided.\nError ID: unauthorized\n"
                       "Run `latchkey login` to log in again.\n");
}

TEST_F(CommandsTest, ApiUrlFlagAndEnvironmentToken) {
  env.set("LATCHKEY_API_KEY", "lka_env");
  transport.respond(200, R"({"email":"me@example.com"})");
  EXPECT_EQ(run_cli({"auth:whoami", "--api-url", "http://localhost:7000/"}), 0);
  EXPECT_EQ(transport.requests[0].url, "http://localhost:7000/account");
  EXPECT_EQ(FakeTransport::header(transport.requests[0], "Authorization"), "Bearer lka_env");
  transport.respond(200, R"({"email":"me@example.com"})");
  EXPECT_EQ(run_cli({"--api-url=http://localhost:7001", "auth:whoami"}), 0);
  EXPECT_EQ(transport.requests[1].url, "http://localhost:7001/account");
}

TEST_F(CommandsTest, LogoutEndsSessionAndRemovesEntries) {
  write_text(netrc(), "machine github.com password g\nmachine 127.0.0.1:5000 login me password lko_tok\n");
  transport.respond(200, R"({"id":"s1"})");
  EXPECT_EQ(run_cli({"logout"}), 0);
  EXPECT_EQ(err.str(), "Logging out... done\n");
  EXPECT_EQ(transport.requests[0].method, "DELETE");
  EXPECT_EQ(transport.requests[0].url, "http://127.0.0.1:5000/oauth/sessions/~");
  EXPECT_EQ(read_text(netrc()), "machine github.com password g\n");
}

TEST_F(CommandsTest, LogoutWithoutSessionRevokesTheMatchingAuthorization) {
  write_text(netrc(), "machine 127.0.0.1:5000 login me password lko_abcdEFGHwxyz\n");
  transport.respond(404, R"({"id":"not_found","resource":"session","message":"no session"})");
  transport.respond(200, R"({"id":"key","access_token":{"token":"lka_abcd**********9999"}})");
  transport.respond(200, R"([{"id":"other","access_token":{"token":"lko_zzzz**********wxyz"}},)"
                         R"({"id":"mine","access_token":{"token":"lko_abcd**********wxyz"}}])");
  transport.respond(200, R"({"id":"mine"})");
  EXPECT_EQ(run_cli({"logout"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 4u);
  EXPECT_EQ(transport.requests[3].method, "DELETE");
  EXPECT_EQ(transport.requests[3].url, "http://127.0.0.1:5000/oauth/authorizations/mine");
  EXPECT_EQ(read_text(netrc()), "");
}

TEST_F(CommandsTest, LogoutToleratesUnauthorizedAndServerDown) {
  write_text(netrc(), "machine 127.0.0.1:5000 login me password lko_tok\n");
  transport.respond(401, R"({"id":"unauthorized","message":"bad token"})");
  EXPECT_EQ(run_cli({"logout"}), 0);
  write_text(netrc(), "machine 127.0.0.1:5000 login me password lko_tok\n");
  transport.fail_connection();
  EXPECT_EQ(run_cli({"logout"}), 0);
  EXPECT_NE(err.str().find("Warning:"), std::string::npos);
  EXPECT_EQ(read_text(netrc()), "");
}

TEST_F(CommandsTest, AuthorizationsTableSortedByDescription) {
  env.set("LATCHKEY_API_KEY", "t");
  transport.respond(200, R"([{"id":"2","description":"zeta","scope":["global"]},)"
                         R"({"id":"1","description":"alpha","scope":["read","write"]}])");
  EXPECT_EQ(run_cli({"authorizations"}), 0);
  EXPECT_EQ(out.str(),
            "Description ID Scope\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 \u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
            "alpha       1  read,write\n"
            "zeta        2  global\n");
  transport.respond(200, "[]");
  EXPECT_EQ(run_cli({"authorizations"}), 0);
  EXPECT_EQ(out.str(), "No OAuth authorizations.\n");
  transport.respond(200, R"([{"id":"2","description":"b"},{"id":"1","description":"a"}])");
  EXPECT_EQ(run_cli({"authorizations", "--json"}), 0);
  EXPECT_EQ(out.str(), "[\n  {\n    \"id\": \"1\",\n    \"description\": \"a\"\n  },\n"
                       "  {\n    \"id\": \"2\",\n    \"description\": \"b\"\n  }\n]\n");
}

TEST_F(CommandsTest, AuthorizationsCreateSendsOnlyGivenFields) {
  env.set("LATCHKEY_API_KEY", "t");
  transport.respond(201, std::string(kAuthorization));
  EXPECT_EQ(run_cli({"authorizations:create", "-d", "deploy bot", "-s", "read, write", "-e", "3600", "--short"}), 0);
  EXPECT_EQ(*transport.requests[0].body, R"({"description":"deploy bot","scope":["read","write"],"expires_in":3600})");
  EXPECT_EQ(out.str(), "lko_NEWTOKEN\n");
  transport.respond(201, std::string(kAuthorization));
  EXPECT_EQ(run_cli({"authorizations:create"}), 0);
  EXPECT_EQ(*transport.requests[1].body, "{}");
  EXPECT_EQ(out.str(),
            "Client:      <none>\n"
            "ID:          a1\n"
            "Description: Latchkey CLI login from box\n"
            "Scope:       global\n"
            "Token:       lko_NEWTOKEN\n"
            "Expires at:  2026-01-31T00:00:00Z (in 30 days)\n"
            "Updated at:  2026-01-01T00:00:00Z\n");
  EXPECT_EQ(run_cli({"authorizations:create", "-e", "soon"}), 1);
}

TEST_F(CommandsTest, AuthorizationsInfoUpdateRevokeRotate) {
  env.set("LATCHKEY_API_KEY", "t");
  transport.respond(404, R"({"id":"not_found","resource":"authorization","message":"Couldn't find that authorization."})");
  EXPECT_EQ(run_cli({"authorizations:info", "a/1"}), 2);
  EXPECT_EQ(transport.requests[0].url, "http://127.0.0.1:5000/oauth/authorizations/a%2F1");
  EXPECT_EQ(err.str(), "Error: Couldn't find that authorization.\nError ID: not_found\n");

  transport.respond(200, std::string(kAuthorization));
  EXPECT_EQ(run_cli({"authorizations:update", "a1", "-d", "renamed"}), 0);
  EXPECT_EQ(transport.requests[1].method, "PATCH");
  EXPECT_EQ(*transport.requests[1].body, R"({"description":"renamed"})");
  EXPECT_EQ(run_cli({"authorizations:update", "a1"}), 1);  // -d is required

  transport.respond(200, R"({"id":"a1","description":"deploy bot"})");
  EXPECT_EQ(run_cli({"authorizations:revoke", "a1"}), 0);
  EXPECT_EQ(transport.requests[2].method, "DELETE");
  EXPECT_EQ(err.str(), "Revoking OAuth Authorization deploy bot... done\n");

  transport.respond(200, std::string(kAuthorization));
  EXPECT_EQ(run_cli({"authorizations:rotate", "a1", "--short"}), 0);
  EXPECT_EQ(transport.requests[3].url, "http://127.0.0.1:5000/oauth/authorizations/a1/actions/regenerate-tokens");
  EXPECT_FALSE(transport.requests[3].body.has_value());
  EXPECT_EQ(out.str(), "lko_NEWTOKEN\n");
}

TEST_F(CommandsTest, SessionsListAndDestroy) {
  env.set("LATCHKEY_API_KEY", "t");
  transport.respond(200, R"([{"id":"s2","description":"web"},{"id":"s1","description":"cli"}])");
  EXPECT_EQ(run_cli({"sessions"}), 0);
  EXPECT_NE(out.str().find("cli         s1"), std::string::npos) << out.str();
  transport.respond(200, "[]");
  EXPECT_EQ(run_cli({"sessions"}), 0);
  EXPECT_EQ(out.str(), "No OAuth sessions.\n");
  transport.respond(200, R"({"id":"s1"})");
  EXPECT_EQ(run_cli({"sessions:destroy", "s1"}), 0);
  EXPECT_EQ(transport.requests[2].method, "DELETE");
  EXPECT_EQ(transport.requests[2].url, "http://127.0.0.1:5000/oauth/sessions/s1");
}

TEST_F(CommandsTest, HerokuEnv) {
  EXPECT_EQ(run_cli({"heroku-env", "--api-url", "http://127.0.0.1:5111"}), 0);
  EXPECT_NE(out.str().find("export HEROKU_HOST=http://127.0.0.1:5111\n"), std::string::npos);
  EXPECT_NE(out.str().find("export HEROKU_LOGIN_HOST=http://127.0.0.1:5111\n"), std::string::npos);
  EXPECT_NE(out.str().find("export HEROKU_PARTICLEBOARD_URL=http://127.0.0.1:5111\n"), std::string::npos);
  EXPECT_NE(out.str().find("export DISABLE_TELEMETRY=true\n"), std::string::npos);
  EXPECT_NE(out.str().find("export HEROKU_NETRC_WRITE=true\n"), std::string::npos);
  EXPECT_EQ(out.str().find("WARNING"), std::string::npos);
  EXPECT_EQ(run_cli({"heroku-env", "--api-url", "https://auth.example.com"}), 0);
  EXPECT_NE(out.str().find("WARNING"), std::string::npos);
}

TEST_F(CommandsTest, UsageVersionAndUnknownCommands) {
  EXPECT_EQ(run_cli({}), 0);
  EXPECT_NE(out.str().find("authorizations:create"), std::string::npos);
  EXPECT_EQ(run_cli({"--version"}), 0);
  EXPECT_EQ(out.str(), "latchkey-cli/0.1.0\n");
  EXPECT_EQ(run_cli({"login", "--help"}), 0);
  EXPECT_NE(out.str().find("--interactive"), std::string::npos);
  EXPECT_EQ(run_cli({"help", "authorizations:create"}), 0);
  EXPECT_NE(out.str().find("--scope"), std::string::npos);
  EXPECT_EQ(run_cli({"nope"}), 1);
  EXPECT_EQ(run_cli({"login", "--bogus"}), 1);
  EXPECT_EQ(run_cli({"authorizations:info"}), 1);
  EXPECT_EQ(run_cli({"--api-url"}), 1);
}

TEST_F(CommandsTest, ConnectionErrorExits1) {
  env.set("LATCHKEY_API_KEY", "t");
  transport.fail_connection();
  EXPECT_EQ(run_cli({"auth:whoami"}), 1);
  EXPECT_NE(err.str().find("could not reach"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::cli
