// mfa, mfa:enable, mfa:disable, mfa:recovery-codes and the second-factor
// retry they share with login, through run() with a scripted transport.
#include <gtest/gtest.h>

#include "core/qr_code.h"
#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;

constexpr std::string_view kOtpauthUri =
    "otpauth://totp/Latchkey:me%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Latchkey"
    "&algorithm=SHA1&digits=6&period=30";
constexpr std::string_view kEnrolment =
    R"({"secret":"JBSWY3DPEHPK3PXP",)"
    R"("otpauth_uri":"otpauth://totp/Latchkey:me%40example.com?secret=JBSWY3DPEHPK3PXP)"
    R"(&issuer=Latchkey&algorithm=SHA1&digits=6&period=30",)"
    R"("qr_svg":"<svg/>","algorithm":"SHA1","digits":6,"period":30})";
constexpr std::string_view kConfirmed =
    R"({"two_factor_authentication":true,"recovery_codes":["aaaa-bbbb-cccc-0001","aaaa-bbbb-cccc-0002",)"
    R"("aaaa-bbbb-cccc-0003","aaaa-bbbb-cccc-0004","aaaa-bbbb-cccc-0005","aaaa-bbbb-cccc-0006",)"
    R"("aaaa-bbbb-cccc-0007","aaaa-bbbb-cccc-0008","aaaa-bbbb-cccc-0009","aaaa-bbbb-cccc-0010"]})";
constexpr std::string_view kCodes =
    "aaaa-bbbb-cccc-0001\naaaa-bbbb-cccc-0002\naaaa-bbbb-cccc-0003\naaaa-bbbb-cccc-0004\naaaa-bbbb-cccc-0005\n"
    "aaaa-bbbb-cccc-0006\naaaa-bbbb-cccc-0007\naaaa-bbbb-cccc-0008\naaaa-bbbb-cccc-0009\naaaa-bbbb-cccc-0010\n";
constexpr std::string_view kTwoFactorRequired = R"({"id":"two_factor","message":"A second factor is required."})";
constexpr std::string_view kInvalidCode = R"({"id":"invalid_code","message":"That code is not valid."})";
constexpr std::string_view kCodePrompt = "Code from your authenticator app: ";

class MfaCommandsTest : public testing::ApiCliTest {
 protected:
  static std::string two_factor(const HttpRequest& r) { return FakeTransport::header(r, "Heroku-Two-Factor-Code"); }
};

TEST_F(MfaCommandsTest, StatusEnabledShowsRecoveryCodesLeft) {
  transport.respond(200, R"({"two_factor_authentication":true,"required":true,)"
                         R"("totp":{"enabled":true,"pending":false,"confirmed_at":"2026-11-23T10:00:00Z"},)"
                         R"("recovery_codes":{"remaining":8,"total":10}})");
  EXPECT_EQ(run_cli({"mfa"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Multi-factor authentication is enabled.\nRecovery codes left: 8 of 10\n");
  EXPECT_EQ(request(0).method, "GET");
  EXPECT_EQ(request(0).url, "http://127.0.0.1:5000/account/mfa");
  EXPECT_EQ(FakeTransport::header(request(0), "Authorization"), "Bearer lka_tok");
  EXPECT_EQ(FakeTransport::header(request(0), "Accept"), "application/vnd.heroku+json; version=3");

  transport.respond(200, R"({"two_factor_authentication":true,"recovery_codes":{"remaining":1,"total":10}})");
  EXPECT_EQ(run_cli({"2fa"}), 0);
  EXPECT_EQ(out.str(), "Multi-factor authentication is enabled.\nRecovery codes left: 1 of 10\n"
                       "Run latchkey mfa:recovery-codes to get new ones.\n");
}

TEST_F(MfaCommandsTest, StatusNotEnabledHintsWhenRequired) {
  transport.respond(200, R"({"two_factor_authentication":false,"required":true,)"
                         R"("totp":{"enabled":false,"pending":false,"confirmed_at":null},)"
                         R"("recovery_codes":{"remaining":0,"total":0}})");
  EXPECT_EQ(run_cli({"mfa:status"}), 0);
  EXPECT_EQ(out.str(), "Multi-factor authentication is not enabled.\n"
                       "This server requires it. Run latchkey mfa:enable to set it up.\n");
  transport.respond(200, R"({"two_factor_authentication":false,"required":false})");
  EXPECT_EQ(run_cli({"mfa"}), 0);
  EXPECT_EQ(out.str(), "Multi-factor authentication is not enabled.\n");
}

TEST_F(MfaCommandsTest, StatusJsonIsTheServersJson) {
  transport.respond(200, R"({"two_factor_authentication":false,"required":false})");
  EXPECT_EQ(run_cli({"mfa", "--json"}), 0);
  EXPECT_EQ(out.str(), "{\n  \"two_factor_authentication\": false,\n  \"required\": false\n}\n");
}

TEST_F(MfaCommandsTest, EnrollmentRequiredShowsTheServersMessage) {
  transport.respond(403, R"({"id":"mfa_enrollment_required","message":"Set up multi-factor authentication first."})");
  EXPECT_EQ(run_cli({"mfa:recovery-codes"}), 2);
  EXPECT_EQ(err.str(), "Error: Set up multi-factor authentication first.\nError ID: mfa_enrollment_required\n");
  EXPECT_TRUE(prompter.labels.empty());
}

TEST_F(MfaCommandsTest, EnableShowsQrAndKeyThenConfirmsAndPrintsRecoveryCodes) {
  transport.respond(201, std::string(kEnrolment));
  transport.respond(200, std::string(kConfirmed));
  EXPECT_EQ(run_cli({"mfa:enable"}, {"123456"}), 0) << err.str();

  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(request(0).method, "POST");
  EXPECT_EQ(request(0).url, "http://127.0.0.1:5000/account/mfa/totp");
  EXPECT_FALSE(request(0).body.has_value());
  EXPECT_EQ(two_factor(request(0)), "<absent>");
  EXPECT_EQ(request(1).method, "POST");
  EXPECT_EQ(request(1).url, "http://127.0.0.1:5000/account/mfa/totp/confirm");
  EXPECT_EQ(body(1), R"({"code":"123456"})");
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{std::string(kCodePrompt)}));
  EXPECT_EQ(prompter.hidden_flags, (std::vector<bool>{true}));

  auto qr = encode_qr(kOtpauthUri);
  ASSERT_TRUE(qr);
  EXPECT_EQ(out.str(), "Scan this QR code with your authenticator app:\n\n" + qr_terminal(*qr) +
                           "\n"
                           "Or enter the key by hand:\n"
                           "Issuer:  Latchkey\n"
                           "Account: me@example.com\n"
                           "Key:     JBSW Y3DP EHPK 3PXP\n"
                           "Type:    time-based (TOTP), SHA1, 6 digits, every 30 seconds\n"
                           "\n"
                           "Multi-factor authentication is enabled.\n" +
                           std::string(kCodes));
  EXPECT_NE(err.str().find("Warning: Store these recovery codes somewhere safe"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("works once"), std::string::npos);
}

TEST_F(MfaCommandsTest, EnableAsksAgainAfterAWrongCode) {
  transport.respond(201, std::string(kEnrolment));
  transport.respond(422, std::string(kInvalidCode));
  transport.respond(200, std::string(kConfirmed));
  EXPECT_EQ(run_cli({"mfa:enable"}, {"111111", " 222 333 "}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(body(1), R"({"code":"111111"})");
  EXPECT_EQ(body(2), R"({"code":"222333"})");
  EXPECT_EQ(prompter.labels, (std::vector<std::string>(2, std::string(kCodePrompt))));
  EXPECT_NE(err.str().find("That code is not valid."), std::string::npos);
  EXPECT_TRUE(out.str().ends_with("Multi-factor authentication is enabled.\n" + std::string(kCodes)));
}

TEST_F(MfaCommandsTest, EnableGivesUpAfterThreeWrongCodes) {
  transport.respond(201, std::string(kEnrolment));
  for (int i = 0; i < 3; ++i) transport.respond(422, std::string(kInvalidCode));
  EXPECT_EQ(run_cli({"mfa:enable"}, {"1", "2", "3", "4"}), 2);
  EXPECT_EQ(transport.requests.size(), 4u);
  EXPECT_EQ(prompter.labels.size(), 3u);
  EXPECT_TRUE(err.str().ends_with("Error: That code is not valid.\nError ID: invalid_code\n")) << err.str();
  EXPECT_EQ(out.str().find("is enabled"), std::string::npos);
}

TEST_F(MfaCommandsTest, EnableStopsWhenTheEnrolmentIsGone) {
  transport.respond(201, std::string(kEnrolment));
  transport.respond(409, R"({"id":"conflict","message":"No authenticator is waiting for confirmation."})");
  EXPECT_EQ(run_cli({"mfa:enable"}, {"123456", "654321"}), 2);
  EXPECT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(prompter.labels.size(), 1u);
  EXPECT_TRUE(err.str().ends_with("Error ID: conflict\n"));
}

TEST_F(MfaCommandsTest, EnableReplacingAnAuthenticatorAsksForTheCurrentCodeFirst) {
  transport.respond(403, std::string(kTwoFactorRequired));
  transport.respond(201, std::string(kEnrolment));
  transport.respond(200, std::string(kConfirmed));
  EXPECT_EQ(run_cli({"mfa:enable"}, {"654321", "123456"}), 0) << err.str();
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"Two-factor code: ", std::string(kCodePrompt)}));
  EXPECT_EQ(prompter.hidden_flags, (std::vector<bool>{true, true}));
  ASSERT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(two_factor(request(0)), "<absent>");
  EXPECT_EQ(two_factor(request(1)), "654321");
  EXPECT_EQ(request(1).url, "http://127.0.0.1:5000/account/mfa/totp");
  EXPECT_EQ(two_factor(request(2)), "<absent>");
  EXPECT_EQ(body(2), R"({"code":"123456"})");
}

TEST_F(MfaCommandsTest, EnableRejectsAReplyWithoutSecret) {
  transport.respond(201, R"({"algorithm":"SHA1"})");
  EXPECT_EQ(run_cli({"mfa:enable"}, {"123456"}), 1);
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(prompter.labels.empty());
}

TEST_F(MfaCommandsTest, SecondFactorIsSentOnceAndASecondRefusalIsReported) {
  transport.respond(403, std::string(kTwoFactorRequired));
  transport.respond(403, R"({"id":"two_factor","message":"That code is not valid."})");
  EXPECT_EQ(run_cli({"mfa:recovery-codes"}, {"000000", "111111"}), 2);
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"Two-factor code: "}));
  EXPECT_EQ(two_factor(request(0)), "<absent>");
  EXPECT_EQ(two_factor(request(1)), "000000");
  std::size_t headers = 0;
  for (const Header& h : request(1).headers) headers += h.name == "Heroku-Two-Factor-Code" ? 1 : 0;
  EXPECT_EQ(headers, 1u);
  EXPECT_EQ(err.str(), "Error: That code is not valid.\nError ID: two_factor\n");
}

TEST_F(MfaCommandsTest, EmptySecondFactorFailsLocallyWithoutASecondRequest) {
  transport.respond(403, std::string(kTwoFactorRequired));
  EXPECT_EQ(run_cli({"mfa:recovery-codes"}, {"  "}), 1);
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(err.str(), "Error: a two-factor code is required\n");
  EXPECT_TRUE(transport.exhausted());
}

TEST_F(MfaCommandsTest, LoginWithEmptySecondFactorFailsLocally) {
  env = Environment{{{"HOME", home.path().string()}}};
  transport.respond(403, std::string(kTwoFactorRequired));
  EXPECT_EQ(run_cli({"login", "-i"}, {"me@example.com", "pw", ""}), 1);
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(err.str().substr(err.str().find("Error:")), "Error: a two-factor code is required\n");
}

TEST_F(MfaCommandsTest, RecoveryCodesReplacesTheOldOnes) {
  transport.respond(403, std::string(kTwoFactorRequired));
  transport.respond(201, R"({"recovery_codes":["aaaa-bbbb-cccc-0001","aaaa-bbbb-cccc-0002"],)"
                         R"("remaining":2,"total":2})");
  EXPECT_EQ(run_cli({"2fa:generate-recovery-codes"}, {"123456"}), 0) << err.str();
  EXPECT_EQ(request(1).method, "POST");
  EXPECT_EQ(request(1).url, "http://127.0.0.1:5000/account/recovery-codes");
  EXPECT_FALSE(request(1).body.has_value());
  EXPECT_EQ(two_factor(request(1)), "123456");
  EXPECT_EQ(out.str(), "aaaa-bbbb-cccc-0001\naaaa-bbbb-cccc-0002\n");
  EXPECT_NE(err.str().find("Warning: your previous recovery codes no longer work."), std::string::npos);
}

TEST_F(MfaCommandsTest, DisableSendsPasswordAndSecondFactor) {
  transport.respond(403, std::string(kTwoFactorRequired));
  transport.respond(200, R"({"two_factor_authentication":false})");
  EXPECT_EQ(run_cli({"mfa:disable"}, {"correct horse", "123456"}), 0) << err.str();
  EXPECT_EQ(out.str(), "Multi-factor authentication is disabled.\n");
  EXPECT_EQ(prompter.labels, (std::vector<std::string>{"Password: ", "Two-factor code: "}));
  EXPECT_EQ(prompter.hidden_flags, (std::vector<bool>{true, true}));
  ASSERT_EQ(transport.requests.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(request(i).method, "DELETE");
    EXPECT_EQ(request(i).url, "http://127.0.0.1:5000/account/mfa/totp");
    EXPECT_EQ(body(i), R"({"password":"correct horse"})");
  }
  EXPECT_EQ(two_factor(request(0)), "<absent>");
  EXPECT_EQ(two_factor(request(1)), "123456");
}

TEST_F(MfaCommandsTest, DisableReportsTheServersRefusal) {
  EXPECT_EQ(run_cli({"mfa:disable"}, {""}), 1);  // no password: nothing sent
  EXPECT_TRUE(transport.requests.empty());
  transport.respond(409, R"({"id":"conflict","message":"This server requires multi-factor authentication."})");
  EXPECT_EQ(run_cli({"mfa:disable"}, {"pw"}), 2);
  EXPECT_EQ(err.str(), "Error: This server requires multi-factor authentication.\nError ID: conflict\n");
  EXPECT_EQ(out.str(), "");
}

TEST_F(MfaCommandsTest, NotLoggedInSendsNothing) {
  env = Environment{{{"HOME", home.path().string()}}};
  for (const char* command : {"mfa", "mfa:enable", "mfa:disable", "mfa:recovery-codes"}) {
    EXPECT_EQ(run_cli({command}), 100) << command;
  }
  EXPECT_TRUE(transport.requests.empty());
  EXPECT_TRUE(prompter.labels.empty());
}

}  // namespace
}  // namespace latchkey::cli
