#include "git/git_command.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace latchkey::git {
namespace {

std::string describe(const GitCommand& c) {
  std::string s = "git";
  for (const auto& a : c.args) s += " " + a;
  return s;
}

std::vector<char*> c_strings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (const auto& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

Result<std::string> run_git(const GitCommand& command) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return fail(internal("pipe: " + std::generic_category().message(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<std::string> argv_s = {command.program};
  argv_s.insert(argv_s.end(), command.args.begin(), command.args.end());
  auto argv = c_strings(argv_s);
  auto envp = c_strings(command.env);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, command.program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return fail(internal(describe(command) + ": cannot start " + command.program + ": " +
                         std::generic_category().message(rc)));
  }
  std::string output;
  bool truncated = false;
  char buf[8192];
  for (;;) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output.size() + static_cast<std::size_t>(n) > command.max_output) truncated = true;
    else output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return fail(internal(describe(command) + " failed with status " + std::to_string(status)));
  if (truncated) return fail(internal(describe(command) + ": output over the limit"));
  return output;
}

std::string find_git(const std::string& search_path) {
  std::size_t start = 0;
  while (start <= search_path.size()) {
    const std::size_t colon = search_path.find(':', start);
    const std::string dir = search_path.substr(start, colon - start);
    if (!dir.empty() && dir.front() == '/') {
      std::string candidate = dir + "/git";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return {};
}

}  // namespace latchkey::git
