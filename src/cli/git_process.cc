// ProcessGit: cli/git.h carried out by running the `git` program with
// posix_spawnp. Its standard output and error are captured (at most 1 MiB
// each), its standard input is /dev/null, and a failure's message is git's
// own first line of error output.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "cli/git.h"

namespace latchkey::cli {
namespace {

constexpr std::size_t kMaxCapture = 1 << 20;

struct Ran {
  bool started = false;
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_.data(), O_CLOEXEC) != 0) fds_ = {-1, -1};
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  bool ok() const { return fds_[0] >= 0; }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(fds_[0]); }
  void close_write() { close_fd(fds_[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  std::array<int, 2> fds_{-1, -1};
};

// Reads both pipes until both are closed, keeping at most kMaxCapture bytes of each.
void drain(Pipe& out, Pipe& err, Ran& ran) {
  std::array<pollfd, 2> fds{pollfd{out.read_end(), POLLIN, 0}, pollfd{err.read_end(), POLLIN, 0}};
  std::array<std::string*, 2> sinks{&ran.out, &ran.err};
  int open = 2;
  char buf[4096];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      std::string& sink = *sinks[i];
      std::size_t room = kMaxCapture - std::min(sink.size(), kMaxCapture);
      sink.append(buf, std::min(static_cast<std::size_t>(n), room));
    }
  }
}

Ran run_git(const std::vector<std::string>& args) {
  Ran ran;
  Pipe out;
  Pipe err;
  if (!out.ok() || !err.ok()) return ran;
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargs;
  cargs.reserve(argv.size() + 1);
  for (std::string& a : argv) cargs.push_back(a.data());
  cargs.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  if (posix_spawn_file_actions_init(&actions) != 0) return ran;
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.write_end(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.write_end(), STDERR_FILENO);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, "git", &actions, nullptr, cargs.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  out.close_write();
  err.close_write();
  if (rc != 0) return ran;
  ran.started = true;
  drain(out, err, ran);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

Outcome<void> run_checked(const std::vector<std::string>& args) {
  Ran ran = run_git(args);
  if (!ran.started) return failed_local("cannot run git: is it installed?");
  if (ran.exit_code == 0) return {};
  std::string message = ran.err.substr(0, ran.err.find('\n'));
  if (message.empty()) message = "exit status " + std::to_string(ran.exit_code);
  return failed_local("git " + args.front() + " failed: " + message);
}

}  // namespace

std::optional<std::vector<GitRemote>> ProcessGit::remotes() {
  Ran ran = run_git({"remote", "-v"});
  if (!ran.started || ran.exit_code != 0) return std::nullopt;
  return parse_remote_list(ran.out);
}

Outcome<void> ProcessGit::add_remote(const std::string& name, const std::string& url) {
  return run_checked({"remote", "add", name, url});
}

Outcome<void> ProcessGit::set_remote_url(const std::string& name, const std::string& url) {
  return run_checked({"remote", "set-url", name, url});
}

Outcome<void> ProcessGit::remove_remote(const std::string& name) { return run_checked({"remote", "remove", name}); }

std::optional<std::string> ProcessGit::global_config(const std::string& key) {
  Ran ran = run_git({"config", "--global", "--get", key});
  if (!ran.started || ran.exit_code != 0) return std::nullopt;
  while (!ran.out.empty() && (ran.out.back() == '\n' || ran.out.back() == '\r')) ran.out.pop_back();
  return ran.out;
}

Outcome<void> ProcessGit::set_global_config(const std::string& key, const std::string& value) {
  return run_checked({"config", "--global", "--replace-all", key, value});
}

Outcome<void> ProcessGit::unset_global_config(const std::string& key) {
  return run_checked({"config", "--global", "--unset-all", key});
}

}  // namespace latchkey::cli
