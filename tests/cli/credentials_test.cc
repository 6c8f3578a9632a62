#include "cli/credentials.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::read_text;
using testing::TempDir;
using testing::write_text;

std::string machine(std::string_view url) {
  auto m = machine_for_url(url);
  return m ? *m : "ERROR: " + m.error().message;
}

TEST(MachineForUrl, FollowsTheHerokuCli) {
  EXPECT_EQ(machine("http://127.0.0.1:5000"), "127.0.0.1:5000");
  EXPECT_EQ(machine("https://auth.example.com"), "auth.example.com");
  EXPECT_EQ(machine("https://Auth.Example.COM:8443/base/path?q#f"), "auth.example.com:8443");
  EXPECT_EQ(machine("http://localhost:80"), "localhost");      // default port dropped, as URL.host does
  EXPECT_EQ(machine("https://localhost:443/"), "localhost");
  EXPECT_EQ(machine("http://localhost:443"), "localhost:443");
  EXPECT_EQ(machine("http://user:pw@host:5111"), "host:5111");
  EXPECT_EQ(machine("http://[::1]:5000"), "[::1]:5000");
  EXPECT_EQ(machine("HTTP://h:05000"), "h:5000");
}

TEST(MachineForUrl, RejectsWhatIsNotAnHttpUrl) {
  EXPECT_FALSE(machine_for_url("127.0.0.1:5000").has_value());
  EXPECT_FALSE(machine_for_url("ftp://h").has_value());
  EXPECT_FALSE(machine_for_url("http://").has_value());
  EXPECT_FALSE(machine_for_url("http://h:0").has_value());
  EXPECT_FALSE(machine_for_url("http://h:99999").has_value());
  EXPECT_FALSE(machine_for_url("http://h:12ab").has_value());
  EXPECT_FALSE(machine_for_url("http://[::1").has_value());
}

TEST(ResolveApiUrl, Precedence) {
  Environment env;
  EXPECT_EQ(resolve_api_url(env, std::nullopt), "http://127.0.0.1:5000");
  env.set("HEROKU_HOST", "heroku.com");  // not a URL: ignored
  EXPECT_EQ(resolve_api_url(env, std::nullopt), "http://127.0.0.1:5000");
  env.set("HEROKU_HOST", "http://localhost:5111/");
  EXPECT_EQ(resolve_api_url(env, std::nullopt), "http://localhost:5111");
  env.set("LATCHKEY_API_URL", "https://auth.example.com");
  EXPECT_EQ(resolve_api_url(env, std::nullopt), "https://auth.example.com");
  EXPECT_EQ(resolve_api_url(env, std::string("http://flag:1")), "http://flag:1");
}

TEST(CredentialMachines, GitHostAddsASecondMachine) {
  Environment env;
  EXPECT_EQ(*credential_machines(env, "http://127.0.0.1:5000"), std::vector<std::string>{"127.0.0.1:5000"});
  env.set("HEROKU_GIT_HOST", "git.example.com");
  EXPECT_EQ(*credential_machines(env, "http://127.0.0.1:5000"),
            (std::vector<std::string>{"127.0.0.1:5000", "git.example.com"}));
  env.set("LATCHKEY_GIT_HOST", "127.0.0.1:5000");  // same as the API machine: one entry
  EXPECT_EQ(*credential_machines(env, "http://127.0.0.1:5000"), std::vector<std::string>{"127.0.0.1:5000"});
}

TEST(NetrcPath, NetrcVariableThenHome) {
  Environment env;
  EXPECT_FALSE(netrc_path(env).has_value());
  env.set("HOME", "/home/u");
  EXPECT_EQ(*netrc_path(env), "/home/u/.netrc");
  env.set("NETRC", "/tmp/n");
  EXPECT_EQ(*netrc_path(env), "/tmp/n");
}

class CredentialsTest : public ::testing::Test {
 protected:
  TempDir dir;
  Environment env{{{"HOME", dir.path().string()}}};
};

TEST_F(CredentialsTest, TokenFromNetrcForTheApiMachineOnly) {
  write_text(dir.path() / ".netrc",
             "machine other:1 login x password wrong\ndefault password nope\n"
             "machine 127.0.0.1:5000 login me@example.com password lko_tok\n");
  auto c = resolve_credentials(env, std::nullopt);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->source, TokenSource::kNetrc);
  EXPECT_EQ(c->token.reveal(), "lko_tok");
  EXPECT_EQ(c->email, "me@example.com");

  auto none = resolve_credentials(env, std::string("http://127.0.0.1:6000"));
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->source, TokenSource::kNone);
  EXPECT_TRUE(none->token.empty());
}

TEST_F(CredentialsTest, EnvironmentTokensWin) {
  write_text(dir.path() / ".netrc", "machine 127.0.0.1:5000 login me password netrc_tok\n");
  env.set("HEROKU_API_KEY", "heroku_tok");
  EXPECT_EQ(resolve_credentials(env, std::nullopt)->token.reveal(), "heroku_tok");
  env.set("LATCHKEY_API_KEY", "latchkey_tok");
  auto c = resolve_credentials(env, std::nullopt);
  EXPECT_EQ(c->token.reveal(), "latchkey_tok");
  EXPECT_EQ(c->source, TokenSource::kLatchkeyApiKey);
  EXPECT_EQ(c->email, "me");
}

TEST_F(CredentialsTest, StoreAndRemoveLoginWriteBothMachines) {
  env.set("LATCHKEY_GIT_HOST", "git.local");
  write_text(dir.path() / ".netrc", "machine github.com login g password ghp\n");
  ASSERT_TRUE(store_login(env, "http://127.0.0.1:5000", "me@example.com", Secret("lko_1")).has_value());
  EXPECT_EQ(read_text(dir.path() / ".netrc"),
            "machine github.com login g password ghp\n"
            "machine 127.0.0.1:5000\n  login me@example.com\n  password lko_1\n"
            "machine git.local\n  login me@example.com\n  password lko_1\n");
  ASSERT_TRUE(remove_login(env, "http://127.0.0.1:5000").has_value());
  EXPECT_EQ(read_text(dir.path() / ".netrc"), "machine github.com login g password ghp\n");
}

}  // namespace
}  // namespace latchkey::cli
