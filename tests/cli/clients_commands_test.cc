// clients, clients:create|info|update|rotate|destroy through run() with a
// scripted transport: the requests they send, what they print, and the
// callback URLs refused before any request.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;

constexpr std::string_view kId = "c1a2b3c4-0000-4000-8000-000000000001";
constexpr std::string_view kCreated =
    R"({"id":"c1a2b3c4-0000-4000-8000-000000000001","name":"my app",)"
    R"("redirect_uri":"https://app.example.com/callback","secret":"lkc_AbCdEfGh0123456789wXyZ",)"
    R"("public":false,"ignores_delinquent":false,)"
    R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"})";
constexpr std::string_view kRedacted =
    R"({"id":"c1a2b3c4-0000-4000-8000-000000000001","name":"my app",)"
    R"("redirect_uri":"https://app.example.com/callback","secret":"lkc_AbCd**********wXyZ",)"
    R"("public":false,"ignores_delinquent":false,)"
    R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-02T00:00:00Z"})";
constexpr std::string_view kPublic =
    R"({"id":"c1a2b3c4-0000-4000-8000-000000000002","name":"spa",)"
    R"("redirect_uri":"http://localhost:3000/cb","secret":null,"public":true,"ignores_delinquent":false,)"
    R"("created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"})";
constexpr std::string_view kShellLines =
    "LATCHKEY_OAUTH_ID=c1a2b3c4-0000-4000-8000-000000000001\n"
    "LATCHKEY_OAUTH_SECRET=lkc_AbCdEfGh0123456789wXyZ\n";
constexpr std::string_view kUnsupported =
    "Error: Unsupported callback URL. Clients have to use HTTPS for non-local addresses.\n";

class ClientsCommandsTest : public testing::ApiCliTest {
 protected:
  static std::string member(std::string_view suffix = "") {
    return url("/oauth/clients/" + std::string(kId) + std::string(suffix));
  }
};

TEST_F(ClientsCommandsTest, ListIsATableSortedByName) {
  transport.respond(200, R"([{"id":"c2","name":"zeta","redirect_uri":"https://z.example.com/cb"},)"
                         R"({"id":"c1","name":"alpha","redirect_uri":"http://localhost:8080/cb"}])");
  EXPECT_EQ(run_cli({"clients"}), 0) << err.str();
  EXPECT_EQ(request(0).method, "GET");
  EXPECT_EQ(request(0).url, url("/oauth/clients"));
  EXPECT_EQ(FakeTransport::header(request(0), "Authorization"), "Bearer lka_tok");
  EXPECT_EQ(FakeTransport::header(request(0), "Accept"), "application/vnd.heroku+json; version=3");
  EXPECT_EQ(out.str(),
            "Name  ID Redirect URI\n"
            "\u2500\u2500\u2500\u2500\u2500 \u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
            "alpha c1 http://localhost:8080/cb\n"
            "zeta  c2 https://z.example.com/cb\n");
}

TEST_F(ClientsCommandsTest, ListFollowsNextRange) {
  transport.respond(206, R"([{"id":"c2","name":"b"}])", {{"Next-Range", "id ]c2..; max=1"}});
  transport.respond(200, R"([{"id":"c1","name":"a"}])");
  EXPECT_EQ(run_cli({"clients:list", "--json"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(FakeTransport::header(request(1), "Range"), "id ]c2..; max=1");
  EXPECT_EQ(out.str(), "[\n  {\n    \"id\": \"c1\",\n    \"name\": \"a\"\n  },\n"
                       "  {\n    \"id\": \"c2\",\n    \"name\": \"b\"\n  }\n]\n");
}

TEST_F(ClientsCommandsTest, EmptyList) {
  transport.respond(200, "[]");
  EXPECT_EQ(run_cli({"clients"}), 0);
  EXPECT_EQ(out.str(), "No OAuth clients.\n");
  transport.respond(200, "[]");
  EXPECT_EQ(run_cli({"clients", "-j"}), 0);
  EXPECT_EQ(out.str(), "[]\n");
}

TEST_F(ClientsCommandsTest, ListNeverPrintsControlCharacters) {
  transport.respond(200, "[{\"id\":\"c1\",\"name\":\"a\\u001b[2Jb\",\"redirect_uri\":\"https://x/\\r\"}]");
  EXPECT_EQ(run_cli({"clients"}), 0);
  EXPECT_NE(out.str().find("a?[2Jb c1 https://x/?\n"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find('\x1b'), std::string::npos);
}

TEST_F(ClientsCommandsTest, CreatePrintsTheCredentialsOnce) {
  transport.respond(201, std::string(kCreated));
  EXPECT_EQ(run_cli({"clients:create", "my app", "https://app.example.com/callback"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(request(0).method, "POST");
  EXPECT_EQ(request(0).url, url("/oauth/clients"));
  EXPECT_EQ(body(0), R"({"name":"my app","redirect_uri":"https://app.example.com/callback"})");
  EXPECT_EQ(FakeTransport::header(request(0), "Content-Type"), "application/json");
  EXPECT_EQ(out.str(), kShellLines);
  EXPECT_NE(err.str().find("Warning: The client secret is shown only now."), std::string::npos) << err.str();

  transport.respond(201, std::string(kCreated));
  EXPECT_EQ(run_cli({"clients:create", "-s", "my app", "https://app.example.com/callback"}), 0);
  EXPECT_EQ(out.str(), kShellLines);
}

TEST_F(ClientsCommandsTest, CreateJsonPrintsTheBody) {
  transport.respond(201, R"({"id":"c1","secret":"lkc_x"})");
  EXPECT_EQ(run_cli({"clients:create", "a", "https://a.example.com/", "--json"}), 0);
  EXPECT_EQ(out.str(), "{\n  \"id\": \"c1\",\n  \"secret\": \"lkc_x\"\n}\n");
  EXPECT_NE(err.str().find("shown only now"), std::string::npos);
}

TEST_F(ClientsCommandsTest, CreatePublicClientHasNoSecretLine) {
  transport.respond(201, std::string(kPublic));
  EXPECT_EQ(run_cli({"clients:create", "spa", "http://localhost:3000/cb", "--public"}), 0) << err.str();
  EXPECT_EQ(body(0), R"({"name":"spa","redirect_uri":"http://localhost:3000/cb","public":true})");
  EXPECT_EQ(out.str(), "LATCHKEY_OAUTH_ID=c1a2b3c4-0000-4000-8000-000000000002\n");
  EXPECT_EQ(err.str(), "");
}

TEST_F(ClientsCommandsTest, CreateRefusesCleartextCallbacksToOtherHostsWithoutARequest) {
  for (const char* uri : {"http://app.example.com/cb", "http://127.example.com/cb", "http://127.0.0.1.nip.io/cb",
                          "http://127.0.0.256/cb", "http://127.0.0/cb", "http://localhost.example.com/cb",
                          "http://localhost@evil.example/cb", "http://localhost\\@evil.example/cb",
                          "http://localhost:80x/cb", "http://[::2]/cb", "http://[::1/cb", "ftp://localhost/cb",
                          "app.example.com/cb", ""}) {
    EXPECT_EQ(run_cli({"clients:create", "app", uri}), 1) << uri;
    EXPECT_EQ(err.str(), kUnsupported) << uri;
    EXPECT_EQ(out.str(), "") << uri;
  }
  env = Environment{{{"HOME", home.path().string()}}};  // the local check comes before the login
  EXPECT_EQ(run_cli({"clients:create", "app", "http://app.example.com/cb"}), 1);
  EXPECT_EQ(err.str(), kUnsupported);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(ClientsCommandsTest, CreateAcceptsHttpsAndLoopbackCallbacks) {
  const std::vector<std::string> uris = {"https://app.example.com/cb", "HTTPS://APP.EXAMPLE.COM",
                                         "http://localhost:3000/cb",   "HTTP://LocalHost/cb",
                                         "http://127.0.0.1:8080/cb",   "http://127.1.2.3/cb",
                                         "http://[::1]:5000/cb",       "http://localhost/cb?x=1"};
  for (const std::string& uri : uris) {
    transport.respond(201, std::string(kCreated));
    EXPECT_EQ(run_cli({"clients:create", "app", uri}), 0) << uri << ": " << err.str();
  }
  EXPECT_EQ(transport.requests.size(), uris.size());
}

TEST_F(ClientsCommandsTest, InvalidParamsShowsTheServersMessage) {
  transport.respond(422, R"({"id":"invalid_params","message":"Name must be between 1 and 100 characters."})");
  EXPECT_EQ(run_cli({"clients:create", "", "https://app.example.com/cb"}), 2);
  EXPECT_EQ(err.str(), "Error: Name must be between 1 and 100 characters.\nError ID: invalid_params\n");
  EXPECT_EQ(out.str(), "");
}

TEST_F(ClientsCommandsTest, InfoShowsTheNonNullFields) {
  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:info", std::string(kId)}), 0) << err.str();
  EXPECT_EQ(request(0).method, "GET");
  EXPECT_EQ(request(0).url, member());
  EXPECT_EQ(out.str(),
            "=== my app\n"
            "\n"
            "ID:                 c1a2b3c4-0000-4000-8000-000000000001\n"
            "Name:               my app\n"
            "Redirect URI:       https://app.example.com/callback\n"
            "Secret:             lkc_AbCd**********wXyZ\n"
            "Public:             false\n"
            "Ignores delinquent: false\n"
            "Created at:         2026-01-01T00:00:00Z\n"
            "Updated at:         2026-01-02T00:00:00Z\n");
  EXPECT_EQ(err.str(), "");

  transport.respond(200, std::string(kPublic));
  EXPECT_EQ(run_cli({"clients:info", "c2"}), 0);
  EXPECT_EQ(out.str().find("Secret:"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Public:             true\n"), std::string::npos) << out.str();
}

TEST_F(ClientsCommandsTest, InfoShellSaysTheSecretIsRedacted) {
  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:info", std::string(kId), "--shell"}), 0) << err.str();
  EXPECT_EQ(out.str(), "LATCHKEY_OAUTH_ID=c1a2b3c4-0000-4000-8000-000000000001\n"
                       "LATCHKEY_OAUTH_SECRET='lkc_AbCd**********wXyZ'\n");
  EXPECT_NE(err.str().find("Warning: The secret is redacted"), std::string::npos) << err.str();

  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:info", std::string(kId), "-j"}), 0);
  EXPECT_TRUE(out.str().starts_with("{\n  \"id\": \"c1a2b3c4-0000-4000-8000-000000000001\",\n")) << out.str();
}

TEST_F(ClientsCommandsTest, InfoEncodesTheIdAndReportsNotFound) {
  transport.respond(404, R"({"id":"not_found","resource":"client","message":"Couldn't find that client."})");
  EXPECT_EQ(run_cli({"clients:info", "a/1"}), 2);
  EXPECT_EQ(request(0).url, url("/oauth/clients/a%2F1"));
  EXPECT_EQ(err.str(), "Error: Couldn't find that client.\nError ID: not_found\n");
}

TEST_F(ClientsCommandsTest, UpdateWithoutChangesSendsNothing) {
  EXPECT_EQ(run_cli({"clients:update", std::string(kId)}), 1);
  EXPECT_EQ(err.str(), "Error: No changes provided.\n");
  EXPECT_EQ(run_cli({"clients:update", std::string(kId), "--url", "http://app.example.com/cb"}), 1);
  EXPECT_EQ(err.str(), kUnsupported);
  EXPECT_EQ(run_cli({"clients:update", std::string(kId), "-n", "x", "--url", "http://app.example.com/cb"}), 1);
  EXPECT_EQ(err.str(), kUnsupported);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(ClientsCommandsTest, UpdateSendsOnlyTheGivenFields) {
  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:update", std::string(kId), "-n", "renamed"}), 0) << err.str();
  EXPECT_EQ(request(0).method, "PATCH");
  EXPECT_EQ(request(0).url, member());
  EXPECT_EQ(body(0), R"({"name":"renamed"})");
  EXPECT_EQ(err.str(), "Updating " + std::string(kId) + "... done\n");
  EXPECT_EQ(out.str(), "");

  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:update", std::string(kId), "--url", "http://127.0.0.1:9000/cb"}), 0);
  EXPECT_EQ(body(1), R"({"redirect_uri":"http://127.0.0.1:9000/cb"})");

  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:update", std::string(kId), "--name", "both", "--url", "https://b.example.com/"}), 0);
  EXPECT_EQ(body(2), R"({"name":"both","redirect_uri":"https://b.example.com/"})");
}

TEST_F(ClientsCommandsTest, RotatePrintsTheNewSecret) {
  transport.respond(200, std::string(kCreated));
  EXPECT_EQ(run_cli({"clients:rotate", std::string(kId)}), 0) << err.str();
  EXPECT_EQ(request(0).method, "POST");
  EXPECT_EQ(request(0).url, member("/actions/rotate-credentials"));
  EXPECT_FALSE(request(0).body.has_value());
  EXPECT_EQ(FakeTransport::header(request(0), "Content-Type"), "<absent>");
  EXPECT_EQ(out.str(), kShellLines);
  EXPECT_NE(err.str().find("shown only now"), std::string::npos);

  transport.respond(200, R"({"id":"c1","secret":"lkc_new"})");
  EXPECT_EQ(run_cli({"clients:rotate", "c1", "--json"}), 0);
  EXPECT_EQ(out.str(), "{\n  \"id\": \"c1\",\n  \"secret\": \"lkc_new\"\n}\n");
}

TEST_F(ClientsCommandsTest, RotatingAPublicClientIsAConflict) {
  transport.respond(409, R"({"id":"conflict","message":"A public client has no secret to rotate."})");
  EXPECT_EQ(run_cli({"clients:rotate", "c2"}), 2);
  EXPECT_EQ(err.str(), "Error: A public client has no secret to rotate.\nError ID: conflict\n");
  EXPECT_EQ(out.str(), "");
}

TEST_F(ClientsCommandsTest, DestroyDeletesTheClient) {
  transport.respond(200, std::string(kRedacted));
  EXPECT_EQ(run_cli({"clients:destroy", std::string(kId)}), 0) << err.str();
  EXPECT_EQ(request(0).method, "DELETE");
  EXPECT_EQ(request(0).url, member());
  EXPECT_EQ(err.str(), "Destroying " + std::string(kId) + "... done\n");
  EXPECT_EQ(out.str(), "");
}

TEST_F(ClientsCommandsTest, NotLoggedInSendsNothing) {
  env = Environment{{{"HOME", home.path().string()}}};
  EXPECT_EQ(run_cli({"clients"}), 100);
  EXPECT_EQ(run_cli({"clients:create", "a", "https://a.example.com/"}), 100);
  EXPECT_EQ(run_cli({"clients:info", "c1"}), 100);
  EXPECT_EQ(run_cli({"clients:update", "c1", "-n", "b"}), 100);
  EXPECT_EQ(run_cli({"clients:rotate", "c1"}), 100);
  EXPECT_EQ(run_cli({"clients:destroy", "c1"}), 100);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(ClientsCommandsTest, UsageErrors) {
  EXPECT_EQ(run_cli({"clients:create", "only-a-name"}), 1);
  EXPECT_EQ(run_cli({"clients:info"}), 1);
  EXPECT_EQ(run_cli({"clients:destroy", "c1", "--shell"}), 1);
  EXPECT_TRUE(transport.requests.empty());
  EXPECT_EQ(run_cli({"help", "clients:create"}), 0);
  EXPECT_NE(out.str().find("--public"), std::string::npos);
  EXPECT_EQ(run_cli({}), 0);
  EXPECT_NE(out.str().find("clients:rotate"), std::string::npos);
}

}  // namespace
}  // namespace latchkey::cli
