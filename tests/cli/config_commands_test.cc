// config, config:get, config:set, config:unset and releases through run()
// with a scripted transport: the PATCH bodies, the Range header of the
// release read-back ("done, vN") and the output formats.
#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;

constexpr std::string_view kVars = R"({"ZED":"last","DATABASE_URL":"postgres://db/x","EMPTY":""})";
constexpr std::string_view kLatest = R"([{"version":7,"description":"Set FOO config vars","current":true}])";

using ConfigCommandsTest = testing::ApiCliTest;

TEST_F(ConfigCommandsTest, ConfigListsSortedVars) {
  transport.respond(200, std::string(kVars));
  ASSERT_EQ(run_cli({"config", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app/config-vars"));
  EXPECT_EQ(out.str(),
            "=== my-app Config Vars\n\n"
            "DATABASE_URL: postgres://db/x\n"
            "EMPTY:        \n"
            "ZED:          last\n");
}

TEST_F(ConfigCommandsTest, ConfigAsShellAndJson) {
  transport.respond(200, R"({"B":"it's here","A":"plain"})");
  ASSERT_EQ(run_cli({"config", "-a", "my-app", "--shell"}), 0);
  EXPECT_EQ(out.str(), "A=plain\nB='it'\\''s here'\n");
  transport.respond(200, R"({"B":"2","A":"1"})");
  ASSERT_EQ(run_cli({"config", "-a", "my-app", "--json"}), 0);
  EXPECT_EQ(out.str(), "{\n  \"A\": \"1\",\n  \"B\": \"2\"\n}\n");
  transport.respond(200, "{}");
  ASSERT_EQ(run_cli({"config", "-a", "my-app"}), 0);
  EXPECT_EQ(out.str(), "my-app has no config vars.\n");
}

TEST_F(ConfigCommandsTest, GetPrintsRawValues) {
  transport.respond(200, R"({"URL":"a b\u001b","OTHER":"x"})");
  ASSERT_EQ(run_cli({"config:get", "URL", "MISSING", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(out.str(), "a b\x1b\n\n");
  transport.respond(200, R"({"URL":"a b"})");
  ASSERT_EQ(run_cli({"config:get", "URL", "-a", "my-app", "-s"}), 0);
  EXPECT_EQ(out.str(), "URL='a b'\n");
}

TEST_F(ConfigCommandsTest, SetPatchesThenReadsTheNewReleaseVersion) {
  transport.respond(200, R"({"FOO":"bar","BAZ":"a=b","OLD":"x"})");
  transport.respond(200, std::string(kLatest));
  ASSERT_EQ(run_cli({"config:set", "FOO=bar", "BAZ=a=b", "-a", "my-app"}), 0) << err.str();
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(line(0), "PATCH " + url("/apps/my-app/config-vars"));
  EXPECT_EQ(body(0), R"({"FOO":"bar","BAZ":"a=b"})");
  EXPECT_EQ(FakeTransport::header(request(0), "Content-Type"), "application/json");
  EXPECT_EQ(line(1), "GET " + url("/apps/my-app/releases"));
  EXPECT_EQ(FakeTransport::header(request(1), "Range"), "version ..; order=desc,max=1");
  EXPECT_EQ(err.str(), "Setting FOO, BAZ and restarting my-app... done, v7\n");
  EXPECT_EQ(out.str(), "FOO: bar\nBAZ: a=b\n");
}

TEST_F(ConfigCommandsTest, SetRefusesArgumentsWithoutAKey) {
  EXPECT_EQ(run_cli({"config:set", "FOO", "-a", "my-app"}), 1);
  EXPECT_EQ(err.str(), "Error: FOO is invalid. Must be in the format FOO=bar.\n");
  EXPECT_EQ(run_cli({"config:set", "=x", "-a", "my-app"}), 1);
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(ConfigCommandsTest, SetShowsTheServersRefusal) {
  transport.respond(403, R"({"id":"forbidden","message":"This token lacks the write-protected scope."})");
  EXPECT_EQ(run_cli({"config:set", "A=1", "-a", "my-app"}), 2);
  EXPECT_EQ(err.str(), "Setting A and restarting my-app... failed\n"
                       "Error: This token lacks the write-protected scope.\nError ID: forbidden\n");
  EXPECT_EQ(transport.requests.size(), 1u);
}

TEST_F(ConfigCommandsTest, UnsetSendsNulls) {
  transport.respond(200, R"({"KEEP":"1"})");
  transport.respond(206, R"([{"version":8}])", {{"Next-Range", "version ]8..; max=1"}});
  ASSERT_EQ(run_cli({"config:unset", "A", "B", "C", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "PATCH " + url("/apps/my-app/config-vars"));
  EXPECT_EQ(body(0), R"({"A":null,"B":null,"C":null})");
  EXPECT_EQ(FakeTransport::header(request(1), "Range"), "version ..; order=desc,max=1");
  EXPECT_EQ(transport.requests.size(), 2u);  // Next-Range is not followed
  EXPECT_EQ(err.str(), "Unsetting A, B, C and restarting my-app... done, v8\n");
  EXPECT_EQ(out.str(), "");
}

TEST_F(ConfigCommandsTest, ReleasesNewestFirst) {
  transport.respond(200, R"([{"version":3,"description":"Set FOO config vars","user":{"email":"me@example.com"},)"
                         R"("created_at":"2026-01-03T00:00:00Z","current":true},)"
                         R"({"version":1,"description":"Initial release","user":{"email":"me@example.com"},)"
                         R"("created_at":"2026-01-01T00:00:00Z","current":false}])");
  ASSERT_EQ(run_cli({"releases", "-a", "my-app"}), 0) << err.str();
  EXPECT_EQ(line(0), "GET " + url("/apps/my-app/releases"));
  EXPECT_EQ(FakeTransport::header(request(0), "Range"), "version ..; order=desc,max=15");
  EXPECT_EQ(out.str(),
            "=== my-app Releases - Current: v3\n\n"
            "Version Description         User           Created\n"
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
            "\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500 "
            "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
            "\u2500\u2500\u2500\n"
            "v3      Set FOO config vars me@example.com 2026-01-03T00:00:00Z\n"
            "v1      Initial release     me@example.com 2026-01-01T00:00:00Z\n");
}

TEST_F(ConfigCommandsTest, ReleasesCountAndJson) {
  transport.respond(200, R"([{"version":2}])");
  ASSERT_EQ(run_cli({"releases", "-a", "my-app", "-n", "1", "--json"}), 0) << err.str();
  EXPECT_EQ(FakeTransport::header(request(0), "Range"), "version ..; order=desc,max=1");
  EXPECT_EQ(out.str(), "[\n  {\n    \"version\": 2\n  }\n]\n");
  EXPECT_EQ(run_cli({"releases", "-a", "my-app", "-n", "0"}), 1);
  EXPECT_EQ(transport.requests.size(), 1u);
  transport.respond(200, "[]");
  ASSERT_EQ(run_cli({"releases", "-a", "my-app"}), 0);
  EXPECT_EQ(out.str(), "my-app has no releases.\n");
}

}  // namespace
}  // namespace latchkey::cli
