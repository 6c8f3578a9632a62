#include "cli/netrc_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::read_text;
using testing::TempDir;
using testing::write_text;

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

auto set_entry(std::string machine, std::string login, std::string password) {
  return [=](Netrc& n) { return n.set(machine, login, password); };
}

TEST(NetrcFile, MissingFileLoadsEmpty) {
  TempDir dir;
  auto n = NetrcFile(dir.path() / ".netrc").load();
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->entries().empty());
}

TEST(NetrcFile, NewFileIsCreatedWithMode0600) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  ::umask(022);
  ASSERT_TRUE(NetrcFile(path).update(set_entry("h", "u@x", "tok")).has_value());
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_EQ(read_text(path), "machine h\n  login u@x\n  password tok\n");
  EXPECT_EQ(mode_of(dir.path() / ".netrc.lock"), 0600u);
}

TEST(NetrcFile, OtherEntriesAreKeptAndGroupAccessIsDropped) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  write_text(path, "# mine\nmachine github.com login me password ghp\n");
  ::chmod(path.c_str(), 0640);
  ASSERT_TRUE(NetrcFile(path).update(set_entry("h", "u", "t")).has_value());
  EXPECT_EQ(mode_of(path), 0600u) << "a file holding tokens is private to its owner";
  EXPECT_EQ(read_text(path), "# mine\nmachine github.com login me password ghp\nmachine h\n  login u\n  password t\n");
}

TEST(NetrcFile, WriteLeavesNoTemporaryFiles) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(NetrcFile(path).update(set_entry("h" + std::to_string(i), "u", "t")).has_value());
  }
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".netrc", ".netrc.lock"}));
}

TEST(NetrcFile, UnchangedEditDoesNotRewrite) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  write_text(path, "machine a password p\n");
  struct stat before {};
  ::stat(path.c_str(), &before);
  ASSERT_TRUE(NetrcFile(path).update([](Netrc& n) { return n.remove("absent"); }).has_value());
  struct stat after {};
  ::stat(path.c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST(NetrcFile, RemovalDeletesEntries) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  write_text(path, "machine a password 1\nmachine b password 2\n");
  ASSERT_TRUE(NetrcFile(path).update([](Netrc& n) { return n.remove("a"); }).has_value());
  EXPECT_EQ(read_text(path), "machine b password 2\n");
}

TEST(NetrcFile, SymlinkIsFollowedAndKept) {
  TempDir dir;
  auto target = dir.path() / "dotfiles-netrc";
  auto link = dir.path() / ".netrc";
  write_text(target, "machine a password 1\n");
  std::filesystem::create_symlink(target, link);
  ASSERT_TRUE(NetrcFile(link).update(set_entry("b", "u", "t")).has_value());
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(read_text(target), "machine a password 1\nmachine b\n  login u\n  password t\n");
}

TEST(NetrcFile, OversizedFileIsRefused) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  write_text(path, std::string(kMaxNetrcBytes + 1, ' '));
  EXPECT_FALSE(NetrcFile(path).load().has_value());
  EXPECT_FALSE(NetrcFile(path).update(set_entry("b", "u", "t")).has_value());
}

TEST(NetrcFile, ConcurrentThreadsLoseNoEntries) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  write_text(path, "machine keep password me\n");
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 10; ++round) {
        NetrcFile(path).update(set_entry("t" + std::to_string(i), "u", "r" + std::to_string(round)));
      }
    });
  }
  for (auto& t : threads) t.join();
  Netrc n = *NetrcFile(path).load();
  EXPECT_EQ(n.entries().size(), 9u);
  EXPECT_EQ(n.find("keep")->password, "me");
  for (int i = 0; i < 8; ++i) {
    ASSERT_NE(n.find("t" + std::to_string(i)), nullptr) << i;
    EXPECT_EQ(n.find("t" + std::to_string(i))->password, "r9");
  }
}

TEST(NetrcFile, ConcurrentProcessesLoseNoEntries) {
  TempDir dir;
  auto path = dir.path() / ".netrc";
  std::vector<pid_t> children;
  for (int i = 0; i < 8; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      bool ok = true;
      for (int round = 0; round < 10; ++round) {
        ok = NetrcFile(path).update(set_entry("p" + std::to_string(i), "u", "t")).has_value() && ok;
      }
      ::_exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  Netrc n = *NetrcFile(path).load();
  EXPECT_EQ(n.entries().size(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_NE(n.find("p" + std::to_string(i)), nullptr) << i;
  EXPECT_EQ(mode_of(path), 0600u);
}

}  // namespace
}  // namespace latchkey::cli
