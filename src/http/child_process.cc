#include "http/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <utility>

namespace latchkey::http::detail {
namespace {

std::string errno_text(int e) { return std::generic_category().message(e); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// pidfd_open(2), Linux 5.3+. -1 where unsupported: the relay then polls.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd >= 0) {
    ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    return static_cast<int>(fd);
  }
#endif
  return -1;
}

int decode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// Owns the temporary posix_spawn structures.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

SpoolFile::SpoolFile(SpoolFile&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), size_(std::exchange(o.size_, 0)) {}

SpoolFile::~SpoolFile() { close_fd(fd_); }

std::expected<SpoolFile, std::string> SpoolFile::create(const std::string& dir_in) {
  std::string dir = dir_in;
  if (dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    dir = (tmp && *tmp) ? tmp : "/tmp";
  }
  SpoolFile f;
  f.fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (f.fd_ >= 0) return f;
  // O_TMPFILE is not supported everywhere (e.g. older overlayfs).
  std::string path = dir + "/.latchkey-body-XXXXXX";
  f.fd_ = ::mkostemp(path.data(), O_CLOEXEC);
  if (f.fd_ < 0) return std::unexpected("cannot create a temporary file in " + dir + ": " + errno_text(errno));
  ::unlink(path.c_str());
  return f;
}

bool SpoolFile::write_all(const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd_, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<std::size_t>(w);
    size_ += static_cast<std::uint64_t>(w);
  }
  return true;
}

bool SpoolFile::rewind() { return ::lseek(fd_, 0, SEEK_SET) == 0; }

std::expected<Child, std::string> spawn_child(const ChildSpec& spec) {
  const std::string name = spec.argv.empty() ? std::string("(no program)") : spec.argv[0];
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/')
    return std::unexpected(name + ": the program must be an absolute path");
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  auto cleanup = [&] {
    close_fd(out[0]);
    close_fd(out[1]);
    close_fd(err[0]);
    close_fd(err[1]);
    close_fd(devnull);
  };
  if (devnull < 0 || ::pipe2(out, O_CLOEXEC) != 0 ||
      (spec.capture_stderr && ::pipe2(err, O_CLOEXEC) != 0)) {
    const int e = errno;
    cleanup();
    return std::unexpected(name + ": " + errno_text(e));
  }

  SpawnSetup s;
  // dup2 clears close-on-exec on the target descriptor.
  posix_spawn_file_actions_adddup2(&s.actions, spec.stdin_fd >= 0 ? spec.stdin_fd : devnull, 0);
  posix_spawn_file_actions_adddup2(&s.actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&s.actions, spec.capture_stderr ? err[1] : devnull, 2);
  posix_spawn_file_actions_addclosefrom_np(&s.actions, 3);
  if (!spec.working_dir.empty())
    posix_spawn_file_actions_addchdir_np(&s.actions, spec.working_dir.c_str());

  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM})
    sigaddset(&defaults, sig);
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &defaults);
  posix_spawnattr_setpgroup(&s.attr, 0);  // its own group: kill_group reaches its children
  posix_spawnattr_setflags(&s.attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                        POSIX_SPAWN_SETPGROUP);

  auto argv = c_strings(spec.argv);
  auto envp = c_strings(spec.env);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, spec.argv[0].c_str(), &s.actions, &s.attr, argv.data(), envp.data());
  if (rc != 0) {
    cleanup();
    return std::unexpected(name + ": " + errno_text(rc));
  }
  Child child;
  child.pid = pid;
  child.pidfd = open_pidfd(pid);
  child.stdout_fd = std::exchange(out[0], -1);
  child.stderr_fd = std::exchange(err[0], -1);
  cleanup();
  return child;
}

void kill_group(pid_t pid) {
  if (pid > 0) ::kill(-pid, SIGKILL);
}

std::optional<int> try_reap(pid_t pid) {
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return decode(status);
    if (r == 0) return std::nullopt;
    if (errno == EINTR) continue;
    return -1;  // ECHILD: already reaped by someone else
  }
}

int reap(pid_t pid) {
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid, &status, 0);
    if (r == pid) return decode(status);
    if (r < 0 && errno == EINTR) continue;
    return -1;
  }
}

}  // namespace latchkey::http::detail
