#include "cli/system.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <thread>

namespace latchkey::cli {

void ThreadSleeper::sleep(std::chrono::seconds duration) { std::this_thread::sleep_for(duration); }

bool SpawnLauncher::launch(const std::vector<std::string>& argv) {
  if (argv.empty() || argv.front().empty()) return false;
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  if (posix_spawn_file_actions_init(&actions) != 0) return false;
  // The browser's chatter must not mix with the CLI's output or read its input.
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO})
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args.front(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0;  // not waited for: the CLI exits soon and init reaps it
}

std::optional<std::vector<std::string>> browser_command(const Environment& env, std::string_view url,
                                                        const std::optional<std::string>& app) {
  const bool display = env.get("DISPLAY") || env.get("WAYLAND_DISPLAY");
  const bool ssh = env.get("SSH_CONNECTION") || env.get("SSH_TTY");
  if (ssh && !display) return std::nullopt;
  std::string program;
  if (app && !app->empty()) {
    program = *app;
  } else if (auto browser = env.get("BROWSER")) {
    program = browser->substr(0, browser->find(':'));
  }
  if (!program.empty()) {
    if (auto at = program.find("%s"); at != std::string::npos) {
      // $BROWSER convention: the entry is a command line with %s for the URL.
      std::vector<std::string> argv;
      std::size_t start = 0;
      while (start < program.size()) {
        std::size_t end = program.find(' ', start);
        if (end == std::string::npos) end = program.size();
        std::string word = program.substr(start, end - start);
        if (auto p = word.find("%s"); p != std::string::npos) word.replace(p, 2, url);
        if (!word.empty()) argv.push_back(std::move(word));
        start = end + 1;
      }
      if (argv.empty()) return std::nullopt;
      return argv;
    }
    return std::vector<std::string>{program, std::string(url)};
  }
#if defined(__APPLE__)
  return std::vector<std::string>{"open", std::string(url)};
#else
  if (!display) return std::nullopt;
  return std::vector<std::string>{"xdg-open", std::string(url)};
#endif
}

}  // namespace latchkey::cli
