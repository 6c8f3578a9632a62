// `latchkey login` through a browser: the device flow (the default, RFC 8628)
// and `--browser` (the Heroku CLI's /auth long poll), with a scripted
// transport, a fake time that records the pauses between polls and a
// launcher that records which browser would have been opened.
#include <gtest/gtest.h>

#include "cli/commands/device_login.h"
#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;
using testing::read_text;

constexpr std::string_view kDeviceStart =
    R"({"device_code":"lkd_DEVICE","user_code":"BCDF-GHJK","verification_uri":"http://127.0.0.1:5000/device",)"
    R"("verification_uri_complete":"http://127.0.0.1:5000/device?user_code=BCDF-GHJK","expires_in":900,"interval":5})";
constexpr std::string_view kPending = R"({"error":"authorization_pending","error_description":"Waiting."})";
constexpr std::string_view kSlowDown = R"({"error":"slow_down","error_description":"Polling too fast."})";
constexpr std::string_view kTokens = R"({"access_token":"lko_DEVICETOKEN","token_type":"Bearer","expires_in":31536000})";
constexpr std::string_view kAccount = R"({"id":"u1","email":"me@example.com","two_factor_authentication":true})";

class LoginCommandsTest : public testing::CliTest {
 protected:
  void respond_account() { transport.respond(200, std::string(kAccount)); }
  std::vector<std::string> urls() const {
    std::vector<std::string> u;
    for (const auto& r : transport.requests) u.push_back(r.method + " " + r.url);
    return u;
  }
};

TEST_F(LoginCommandsTest, DeviceFlowIsTheDefaultAndStoresTheToken) {
  transport.respond(200, std::string(kDeviceStart));
  transport.respond(400, std::string(kPending));
  transport.respond(200, std::string(kTokens));
  respond_account();
  ASSERT_EQ(run_cli({"login"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Logged in as me@example.com\n");
  EXPECT_NE(err.str().find("Open http://127.0.0.1:5000/device and enter the code BCDF-GHJK\n"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("http://127.0.0.1:5000/device?user_code=BCDF-GHJK"), std::string::npos);
  EXPECT_EQ(read_text(netrc()), "machine 127.0.0.1:5000\n  login me@example.com\n  password lko_DEVICETOKEN\n");

  ASSERT_EQ(transport.requests.size(), 4u);
  const HttpRequest& start = transport.requests[0];
  EXPECT_EQ(start.method, "POST");
  EXPECT_EQ(start.url, "http://127.0.0.1:5000/oauth/device_authorization");
  EXPECT_EQ(*start.body, "client_id=latchkey-cli");
  EXPECT_EQ(FakeTransport::header(start, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(FakeTransport::header(start, "Authorization"), "<absent>");
  const HttpRequest& poll = transport.requests[1];
  EXPECT_EQ(poll.url, "http://127.0.0.1:5000/oauth/token");
  EXPECT_EQ(*poll.body,
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=lkd_DEVICE"
            "&client_id=latchkey-cli");
  EXPECT_EQ(FakeTransport::header(transport.requests[3], "Authorization"), "Bearer lko_DEVICETOKEN");
  EXPECT_EQ(clock.sleeps, (std::vector<int>{5, 5}));  // waits the interval before every poll
}

TEST_F(LoginCommandsTest, SlowDownAddsFiveSecondsForGood) {
  transport.respond(200, std::string(kDeviceStart));
  transport.respond(400, std::string(kSlowDown));
  transport.respond(400, std::string(kPending));
  transport.respond(400, std::string(kSlowDown));
  transport.respond(400, std::string(kPending));
  transport.respond(200, std::string(kTokens));
  respond_account();
  ASSERT_EQ(run_cli({"login"}), 0) << err.str();
  EXPECT_EQ(clock.sleeps, (std::vector<int>{5, 10, 10, 15, 15}));
}

TEST_F(LoginCommandsTest, TheServersIntervalIsHonouredAndAMissingOneMeansFive) {
  transport.respond(200, R"({"device_code":"lkd_D","user_code":"BCDF-GHJK",)"
                         R"("verification_uri":"http://127.0.0.1:5000/device","expires_in":900,"interval":2})");
  transport.respond(200, std::string(kTokens));
  respond_account();
  ASSERT_EQ(run_cli({"login"}), 0) << err.str();
  EXPECT_EQ(clock.sleeps, (std::vector<int>{2}));
  EXPECT_EQ(err.str().find("or open"), std::string::npos);  // no verification_uri_complete

  clock.sleeps.clear();
  transport.respond(200, R"({"device_code":"lkd_D","user_code":"BCDF-GHJK",)"
                         R"("verification_uri":"http://127.0.0.1:5000/device","expires_in":900})");
  transport.respond(200, std::string(kTokens));
  respond_account();
  ASSERT_EQ(run_cli({"login"}), 0) << err.str();
  EXPECT_EQ(clock.sleeps, (std::vector<int>{5}));
}

TEST_F(LoginCommandsTest, DeniedExitsTwoAndStoresNothing) {
  transport.respond(200, std::string(kDeviceStart));
  transport.respond(400, std::string(kPending));
  transport.respond(400, R"({"error":"access_denied","error_description":"The user denied the request."})");
  EXPECT_EQ(run_cli({"login"}), 2);
  EXPECT_NE(err.str().find("Error: The login was denied in the browser.\nError ID: access_denied\n"),
            std::string::npos)
      << err.str();
  EXPECT_FALSE(std::filesystem::exists(netrc()));
  EXPECT_EQ(transport.requests.size(), 3u);
}

TEST_F(LoginCommandsTest, ExpiredTokenStopsPolling) {
  transport.respond(200, std::string(kDeviceStart));
  transport.respond(400, R"({"error":"expired_token","error_description":"The device code has expired."})");
  EXPECT_EQ(run_cli({"login"}), 2);
  EXPECT_NE(err.str().find("expired"), std::string::npos);
  EXPECT_NE(err.str().find("Error ID: expired_token"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(netrc()));
}

TEST_F(LoginCommandsTest, StopsAtTheCodesLifetimeEvenIfTheServerKeepsSayingPending) {
  transport.respond(200, R"({"device_code":"lkd_D","user_code":"BCDF-GHJK",)"
                         R"("verification_uri":"http://127.0.0.1:5000/device","expires_in":12,"interval":5})");
  transport.respond(400, std::string(kPending));
  transport.respond(400, std::string(kPending));
  transport.respond(400, std::string(kPending));
  EXPECT_EQ(run_cli({"login"}), 2);
  EXPECT_NE(err.str().find("Error ID: expired_token"), std::string::npos) << err.str();
  EXPECT_EQ(clock.sleeps, (std::vector<int>{5, 5, 5}));  // 15 s >= 12 s: no fourth poll
  EXPECT_EQ(transport.requests.size(), 4u);
}

TEST_F(LoginCommandsTest, OtherOAuthErrorsAreShownAsTheServerSaysThem) {
  transport.respond(400, R"({"error":"unauthorized_client","error_description":"No device flow here."})");
  EXPECT_EQ(run_cli({"login"}), 2);
  EXPECT_NE(err.str().find("Error: No device flow here.\nError ID: unauthorized_client\n"), std::string::npos)
      << err.str();

  transport.respond(200, std::string(kDeviceStart));
  transport.respond(400, R"({"error":"invalid_grant","error_description":"The device code has already been used."})");
  EXPECT_EQ(run_cli({"login"}), 2);
  EXPECT_NE(err.str().find("already been used"), std::string::npos);
}

TEST_F(LoginCommandsTest, TransientFailuresAreRetriedAFewTimes) {
  transport.respond(200, std::string(kDeviceStart));
  transport.fail_connection();
  transport.respond(503, R"({"id":"unavailable","message":"Try again."})");
  transport.respond(400, std::string(kPending));
  transport.respond(200, std::string(kTokens));
  respond_account();
  ASSERT_EQ(run_cli({"login"}), 0) << err.str();

  transport.respond(200, std::string(kDeviceStart));
  for (int i = 0; i <= kMaxTransientFailures; ++i) transport.fail_connection();
  EXPECT_EQ(run_cli({"login"}), 1);
  EXPECT_NE(err.str().find("could not reach"), std::string::npos);
}

TEST_F(LoginCommandsTest, AnIncompleteStartReplyFailsWithoutPolling) {
  transport.respond(200, R"({"device_code":"lkd_D","verification_uri":"http://127.0.0.1:5000/device"})");
  EXPECT_EQ(run_cli({"login"}), 1);
  EXPECT_NE(err.str().find("incomplete"), std::string::npos);
  transport.respond(200, R"({"device_code":"lkd_D","user_code":"BCDF-GHJK","verification_uri":"javascript:x"})");
  EXPECT_EQ(run_cli({"login"}), 1);
  EXPECT_EQ(transport.requests.size(), 2u);
}

TEST_F(LoginCommandsTest, OpensTheBrowserOnlyWhereThereIsOne) {
  auto login_once = [&] {
    transport.respond(200, std::string(kDeviceStart));
    transport.respond(200, std::string(kTokens));
    respond_account();
    EXPECT_EQ(run_cli({"login"}), 0) << err.str();
  };
  login_once();  // no display, no $BROWSER
  EXPECT_TRUE(launcher.launched.empty());

  env.set("DISPLAY", ":0");
  login_once();
  ASSERT_EQ(launcher.launched.size(), 1u);
  EXPECT_EQ(launcher.launched[0],
            (std::vector<std::string>{"xdg-open", "http://127.0.0.1:5000/device?user_code=BCDF-GHJK"}));

  env.set("BROWSER", "firefox:chromium");
  login_once();
  ASSERT_EQ(launcher.launched.size(), 2u);
  EXPECT_EQ(launcher.launched[1].front(), "firefox");

  launcher.succeed = false;
  login_once();
  EXPECT_NE(err.str().find("Warning: could not start firefox"), std::string::npos);
}

TEST_F(LoginCommandsTest, BrowserFlowLongPollsAndRetriesOnGatewayTimeouts) {
  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"/auth/cli/poll/abc","token":"lks_POLL"})");
  transport.respond(504, R"({"id":"gateway_timeout","message":"Still waiting."})");
  transport.respond(504, R"({"id":"gateway_timeout","message":"Still waiting."})");
  transport.respond(200, R"({"access_token":"lko_BROWSERTOKEN"})");
  respond_account();
  ASSERT_EQ(run_cli({"login", "--browser"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Logged in as me@example.com\n");
  EXPECT_NE(err.str().find("Open http://127.0.0.1:5000/auth/cli/browser/abc to log in\n"), std::string::npos)
      << err.str();
  EXPECT_NE(read_text(netrc()).find("password lko_BROWSERTOKEN"), std::string::npos);

  ASSERT_EQ(transport.requests.size(), 5u);
  EXPECT_EQ(transport.requests[0].url, "http://127.0.0.1:5000/auth");
  EXPECT_EQ(*transport.requests[0].body, R"({"description":"Latchkey CLI login from box"})");
  for (std::size_t i = 1; i <= 3; ++i) {
    EXPECT_EQ(transport.requests[i].method, "GET");
    EXPECT_EQ(transport.requests[i].url, "http://127.0.0.1:5000/auth/cli/poll/abc");
    EXPECT_EQ(FakeTransport::header(transport.requests[i], "Authorization"), "Bearer lks_POLL");
  }
  EXPECT_EQ(FakeTransport::header(transport.requests[4], "Authorization"), "Bearer lko_BROWSERTOKEN");
  EXPECT_TRUE(clock.sleeps.empty());  // the server holds each poll; no extra pause
}

TEST_F(LoginCommandsTest, BrowserFlowShowsTheServersErrorText) {
  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"/auth/cli/poll/abc","token":"lks_POLL"})");
  transport.respond(200, R"({"error":"The login was denied in the browser."})");
  EXPECT_EQ(run_cli({"login", "--browser"}), 2);
  EXPECT_NE(err.str().find("Error: The login was denied in the browser."), std::string::npos) << err.str();
  EXPECT_FALSE(std::filesystem::exists(netrc()));

  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"/auth/cli/poll/abc","token":"lks_POLL"})");
  transport.respond(401, R"({"id":"unauthorized","message":"Invalid credentials provided."})");
  EXPECT_EQ(run_cli({"login", "--browser"}), 2);
  EXPECT_EQ(transport.requests.size(), 4u);  // a 401 is not retried
}

TEST_F(LoginCommandsTest, BrowserFlowRefusesUrlsThatAreNotPaths) {
  transport.respond(201, R"({"browser_url":"https://evil.example/x","cli_url":"/auth/cli/poll/abc","token":"t"})");
  EXPECT_EQ(run_cli({"login", "--browser"}), 1);
  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"//evil.example/p","token":"t"})");
  EXPECT_EQ(run_cli({"login", "--browser"}), 1);
  EXPECT_EQ(transport.requests.size(), 2u);
}

TEST_F(LoginCommandsTest, BrowserFlowOpensTheNamedApp) {
  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"/auth/cli/poll/abc","token":"lks_POLL"})");
  transport.respond(200, R"({"access_token":"lko_B"})");
  respond_account();
  ASSERT_EQ(run_cli({"login", "--browser", "links"}), 0) << err.str();
  ASSERT_EQ(launcher.launched.size(), 1u);
  EXPECT_EQ(launcher.launched[0], (std::vector<std::string>{"links", "http://127.0.0.1:5000/auth/cli/browser/abc"}));
}

TEST_F(LoginCommandsTest, BrowserFlowGivesUpAfterRepeatedServerErrors) {
  transport.respond(201, R"({"browser_url":"/auth/cli/browser/abc","cli_url":"/auth/cli/poll/abc","token":"lks_POLL"})");
  for (int i = 0; i <= kMaxTransientFailures; ++i) transport.respond(502, "bad gateway");
  EXPECT_EQ(run_cli({"login", "--browser"}), 1);
  EXPECT_NE(err.str().find("HTTP Error 502"), std::string::npos) << err.str();
  EXPECT_EQ(clock.sleeps.size(), static_cast<std::size_t>(kMaxTransientFailures));
}

// --- browser_command --------------------------------------------------------

Environment env_of(std::map<std::string, std::string, std::less<>> vars) { return Environment(std::move(vars)); }

TEST(BrowserCommand, NeedsADisplayOrBrowserVariable) {
  const std::string url = "http://h/device";
  EXPECT_FALSE(browser_command(Environment(), url, std::nullopt));
  EXPECT_EQ(*browser_command(env_of({{"DISPLAY", ":0"}}), url, std::nullopt),
            (std::vector<std::string>{"xdg-open", url}));
  EXPECT_EQ(*browser_command(env_of({{"WAYLAND_DISPLAY", "wayland-0"}}), url, std::nullopt),
            (std::vector<std::string>{"xdg-open", url}));
  EXPECT_EQ(*browser_command(env_of({{"BROWSER", "w3m"}}), url, std::nullopt),
            (std::vector<std::string>{"w3m", url}));
  EXPECT_EQ(*browser_command(env_of({{"BROWSER", "firefox --new-tab %s:w3m"}}), url, std::nullopt),
            (std::vector<std::string>{"firefox", "--new-tab", url}));
  EXPECT_EQ(*browser_command(env_of({{"BROWSER", "w3m"}}), url, std::string("lynx")),
            (std::vector<std::string>{"lynx", url}));
}

TEST(BrowserCommand, NeverOverSshWithoutADisplay) {
  const std::string url = "http://h/device";
  EXPECT_FALSE(browser_command(env_of({{"SSH_CONNECTION", "1.2.3.4 5 6.7.8.9 22"}, {"BROWSER", "w3m"}}), url,
                               std::nullopt));
  EXPECT_FALSE(browser_command(env_of({{"SSH_TTY", "/dev/pts/0"}}), url, std::string("firefox")));
  EXPECT_EQ(*browser_command(env_of({{"SSH_TTY", "/dev/pts/0"}, {"DISPLAY", "localhost:10.0"}}), url,
                             std::nullopt),
            (std::vector<std::string>{"xdg-open", url}));
}

}  // namespace
}  // namespace latchkey::cli
