// Bare repositories on disk with the real git: created on first use (once,
// even under a race), listed, removed; ids only, never paths.
#include "git/repositories.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "git/git_command.h"

namespace latchkey::git {
namespace {
namespace fs = std::filesystem;

class Repositories : public ::testing::Test {
 protected:
  void SetUp() override {
    git_ = find_git("/usr/local/bin:/usr/bin:/bin");
    if (git_.empty()) GTEST_SKIP() << "git is not installed";
    root_ = fs::temp_directory_path() / ("lk_git_repos_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    auto repos = GitRepositories::open(root_.string(), git_, random_);
    ASSERT_TRUE(repos) << repos.error().detail;
    repos_ = std::move(*repos);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string git_;
  fs::path root_;
  SodiumRandom random_;
  std::unique_ptr<GitRepositories> repos_;
};

TEST_F(Repositories, CreatedOnFirstUseAsABareRepoOnMain) {
  const std::string id = "0190a5e4-1234-7abc-8def-0123456789ab";
  auto path = repos_->ensure(id);
  ASSERT_TRUE(path) << path.error().detail;
  EXPECT_EQ(*path, (root_ / (id + ".git")).string());
  std::ifstream head(*path + "/HEAD");
  std::string line;
  std::getline(head, line);
  EXPECT_EQ(line, "ref: refs/heads/main");
  EXPECT_EQ(fs::status(root_).permissions() & fs::perms::all, fs::perms::owner_all);
  auto again = repos_->ensure(id);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *path);
  auto refs = repos_->refs(id);
  ASSERT_TRUE(refs);
  EXPECT_TRUE(refs->empty());
}

TEST_F(Repositories, ConcurrentFirstUsesMakeOneRepository) {
  const std::string id = "race";
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] { ok += repos_->ensure(id).has_value() ? 1 : 0; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 8);
  EXPECT_TRUE(fs::exists(root_ / "race.git" / "HEAD"));
  EXPECT_TRUE(fs::is_empty(repos_->spool_dir())) << "losers clean up their copies";
}

TEST_F(Repositories, RefsAfterAPushAndRemoval) {
  const std::string id = "withrefs";
  auto path = repos_->ensure(id);
  ASSERT_TRUE(path);
  // A commit made straight into the bare repository with plumbing.
  const std::vector<std::string> env = {"PATH=/usr/bin:/bin", "HOME=" + repos_->home(),
                                        "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@e",
                                        "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@e"};
  auto tree = run_git({git_, {"--git-dir=" + *path, "mktree"}, env});  // empty tree from /dev/null
  ASSERT_TRUE(tree) << tree.error().detail;
  auto commit = run_git({git_, {"--git-dir=" + *path, "commit-tree", "-m", "x", tree->substr(0, 40)}, env});
  ASSERT_TRUE(commit) << commit.error().detail;
  const std::string sha = commit->substr(0, 40);
  ASSERT_TRUE(run_git({git_, {"--git-dir=" + *path, "update-ref", "refs/heads/main", sha}, env}));
  ASSERT_TRUE(run_git({git_, {"--git-dir=" + *path, "update-ref", "refs/tags/v1", sha}, env}));
  auto refs = repos_->refs(id);
  ASSERT_TRUE(refs);
  EXPECT_EQ(*refs, (RefMap{{"refs/heads/main", sha}, {"refs/tags/v1", sha}}));

  repos_->remove(id);
  EXPECT_FALSE(fs::exists(*path));
  EXPECT_TRUE(fs::is_empty(repos_->spool_dir()));
  repos_->remove(id);  // already gone: harmless
}

TEST_F(Repositories, OnlyPlainIdsNameARepository) {
  EXPECT_EQ(GitRepositories::directory_name("abc-123"), "abc-123.git");
  for (const char* bad : {"", "..", "../x", "a/b", "A", "a.git", "a b"})
    EXPECT_EQ(GitRepositories::directory_name(bad), "") << bad;
  EXPECT_FALSE(repos_->ensure("../escape"));
  EXPECT_FALSE(fs::exists(root_.parent_path() / "escape.git"));
}

TEST_F(Repositories, OpeningClearsLeftoversOfAPreviousRun) {
  std::ofstream(repos_->spool_dir() + "/stale") << "x";
  auto reopened = GitRepositories::open(root_.string(), git_, random_);
  ASSERT_TRUE(reopened);
  EXPECT_TRUE(fs::is_empty(repos_->spool_dir()));
}

TEST(GitCommand, FindsGitOnASearchPathAndFailsCleanly) {
  EXPECT_EQ(find_git("/nonexistent:relative/dir"), "");
  const std::string git = find_git("/nonexistent:/usr/bin:/bin");
  if (git.empty()) GTEST_SKIP() << "git is not installed";
  EXPECT_TRUE(git.ends_with("/git"));
  auto version = run_git({git, {"--version"}, {"PATH=/usr/bin:/bin"}});
  ASSERT_TRUE(version);
  EXPECT_TRUE(version->starts_with("git version "));
  auto bad = run_git({git, {"no-such-command"}, {"PATH=/usr/bin:/bin"}});
  EXPECT_FALSE(bad);
  EXPECT_FALSE(run_git({"/nonexistent/git", {"--version"}, {}}));
}

}  // namespace
}  // namespace latchkey::git
