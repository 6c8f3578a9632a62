// ProcessGit against the real `git` program: remotes of a fresh repository in
// a temporary directory and a global config file redirected with
// $GIT_CONFIG_GLOBAL. Skipped when git is not installed.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cli/git.h"
#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::read_text;

// Runs the test inside `dir` with git's global config in `dir`/gitconfig.
class GitProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
    saved_cwd_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_.path());
    ::setenv("GIT_CONFIG_GLOBAL", (dir_.path() / "gitconfig").c_str(), 1);
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
  }
  void TearDown() override {
    if (!saved_cwd_.empty()) std::filesystem::current_path(saved_cwd_);
    ::unsetenv("GIT_CONFIG_GLOBAL");
    ::unsetenv("GIT_CONFIG_NOSYSTEM");
  }

  testing::TempDir dir_;
  std::filesystem::path saved_cwd_;
  ProcessGit git_;
};

TEST_F(GitProcessTest, RemotesOutsideAndInsideARepository) {
  EXPECT_EQ(git_.remotes(), std::nullopt);
  ASSERT_EQ(std::system("git init -q ."), 0);
  EXPECT_EQ(git_.remotes(), std::vector<GitRemote>{});
  ASSERT_TRUE(git_.add_remote("heroku", "https://127.0.0.1:5000/a.git").has_value());
  ASSERT_TRUE(git_.add_remote("origin", "git@github.com:me/a.git").has_value());
  EXPECT_EQ(git_.remotes(), (std::vector<GitRemote>{{"heroku", "https://127.0.0.1:5000/a.git"},
                                                    {"origin", "git@github.com:me/a.git"}}));
  ASSERT_TRUE(git_.set_remote_url("heroku", "https://127.0.0.1:5000/b.git").has_value());
  ASSERT_TRUE(git_.remove_remote("origin").has_value());
  EXPECT_EQ(git_.remotes(), (std::vector<GitRemote>{{"heroku", "https://127.0.0.1:5000/b.git"}}));

  auto again = git_.add_remote("heroku", "https://127.0.0.1:5000/c.git");
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("git remote failed: error: remote heroku already exists"), std::string::npos)
      << again.error().message;
}

TEST_F(GitProcessTest, GlobalConfigSetGetUnset) {
  const std::string key = "credential.https://127.0.0.1:5000.helper";
  EXPECT_EQ(git_.global_config(key), std::nullopt);
  ASSERT_TRUE(git_.set_global_config(key, "!'/my tools/latchkey' git:credentials").has_value());
  ASSERT_TRUE(git_.set_global_config(key, "!/usr/bin/latchkey git:credentials").has_value());
  EXPECT_EQ(git_.global_config(key), "!/usr/bin/latchkey git:credentials");
  EXPECT_NE(read_text(dir_.path() / "gitconfig").find("[credential \"https://127.0.0.1:5000\"]"), std::string::npos);
  ASSERT_TRUE(git_.unset_global_config(key).has_value());
  EXPECT_EQ(git_.global_config(key), std::nullopt);
  EXPECT_FALSE(git_.unset_global_config(key).has_value());  // nothing left to unset
}

}  // namespace
}  // namespace latchkey::cli
