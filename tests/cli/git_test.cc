// The pure git rules of cli/git.h: `git remote -v` parsing, the git host,
// remote URLs and which app they name, and the credential helper's config.
#include "cli/git.h"

#include <gtest/gtest.h>

namespace latchkey::cli {
namespace {

TEST(GitTest, RemoteListKeepsFetchUrls) {
  auto remotes = parse_remote_list(
      "heroku\thttps://127.0.0.1:5111/app.git (fetch)\n"
      "heroku\thttps://127.0.0.1:5111/app.git (push)\n"
      "origin\tgit@github.com:me/app.git (fetch)\n"
      "origin\tgit@github.com:me/other.git (push)\n"
      "garbage line\n"
      "\tno-name (fetch)\n");
  EXPECT_EQ(remotes, (std::vector<GitRemote>{{"heroku", "https://127.0.0.1:5111/app.git"},
                                             {"origin", "git@github.com:me/app.git"}}));
  EXPECT_TRUE(parse_remote_list("").empty());
}

TEST(GitTest, GitHostIsTheApiHostUnlessOverridden) {
  Environment env;
  EXPECT_EQ(git_host(env, "http://127.0.0.1:5111").value(), "127.0.0.1:5111");
  EXPECT_EQ(git_host(env, "https://Latchkey.Example.com:443/").value(), "latchkey.example.com");
  env.set("HEROKU_GIT_HOST", "git.example.com");
  EXPECT_EQ(git_host(env, "http://127.0.0.1:5111").value(), "git.example.com");
  env.set("LATCHKEY_GIT_HOST", "localhost:8443");
  EXPECT_EQ(git_host(env, "http://127.0.0.1:5111").value(), "localhost:8443");
  EXPECT_FALSE(git_host(Environment(), "ftp://x").has_value());
}

TEST(GitTest, RemoteUrlsNameApps) {
  EXPECT_EQ(app_remote_url("127.0.0.1:5111", "my-app"), "https://127.0.0.1:5111/my-app.git");
  const std::string_view host = "127.0.0.1:5111";
  EXPECT_EQ(app_of_remote("https://127.0.0.1:5111/my-app.git", host), "my-app");
  EXPECT_EQ(app_of_remote("HTTPS://127.0.0.1:5111/my-app.git", host), "my-app");
  EXPECT_EQ(app_of_remote("git@127.0.0.1:5111:my-app.git", host), "my-app");
  EXPECT_EQ(app_of_remote("ssh://git@127.0.0.1:5111/my-app.git", host), "my-app");
  for (const char* other : {"https://127.0.0.1:51112/my-app.git", "https://127.0.0.1:5111/my-app",
                            "https://127.0.0.1:5111/a/b.git", "https://127.0.0.1:5111/.git",
                            "http://127.0.0.1:5111/my-app.git", "https://127.0.0.1:5111@evil/my-app.git",
                            "git@github.com:me/my-app.git", ""}) {
    EXPECT_EQ(app_of_remote(other, host), std::nullopt) << other;
  }
}

TEST(GitTest, CredentialHelperConfig) {
  EXPECT_EQ(credential_helper_key("127.0.0.1:5111"), "credential.https://127.0.0.1:5111.helper");
  EXPECT_EQ(credential_helper_value("/usr/bin/latchkey"), "!/usr/bin/latchkey git:credentials");
  EXPECT_EQ(credential_helper_value("/home/me/my tools/latchkey"), "!'/home/me/my tools/latchkey' git:credentials");
  EXPECT_EQ(credential_helper_value("/usr/bin/latchkey", "https://auth.example:8443"),
            "!/usr/bin/latchkey --api-url https://auth.example:8443 git:credentials");
  EXPECT_TRUE(is_cli_credential_helper(credential_helper_value("/usr/bin/latchkey", "http://127.0.0.1:5000")));
  EXPECT_TRUE(is_cli_credential_helper("!/usr/bin/latchkey git:credentials"));
  EXPECT_TRUE(is_cli_credential_helper("!heroku git:credentials"));
  EXPECT_FALSE(is_cli_credential_helper("store"));
  EXPECT_FALSE(is_cli_credential_helper("!/usr/bin/other-helper"));
}

}  // namespace
}  // namespace latchkey::cli
