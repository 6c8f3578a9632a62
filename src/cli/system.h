// The CLI's reach into the machine beyond HTTP and files: waiting between
// polls and opening a URL in the user's browser. main() uses the real ones;
// tests pass fakes that record instead of sleeping or spawning.
// Thread safety: each object is used by one thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/context.h"

namespace latchkey::cli {

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void sleep(std::chrono::seconds duration) = 0;
};

class ThreadSleeper final : public Sleeper {
 public:
  void sleep(std::chrono::seconds duration) override;
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  // Starts `argv` in the background with stdio on /dev/null and does not wait
  // for it. False when the program could not be started.
  virtual bool launch(const std::vector<std::string>& argv) = 0;
};

class SpawnLauncher final : public Launcher {
 public:
  bool launch(const std::vector<std::string>& argv) override;
};

// The command that opens `url` in a browser, or nullopt when this machine has
// none to offer:
//  - `app` (from `login --browser APP`) when given, else the first entry of
//    $BROWSER (a colon-separated list; "%s" in it stands for the URL);
//  - else xdg-open (`open` on macOS) when a graphical session is visible
//    ($DISPLAY or $WAYLAND_DISPLAY; macOS always has one).
// Over SSH ($SSH_CONNECTION or $SSH_TTY) without $DISPLAY/$WAYLAND_DISPLAY
// nothing is opened: the browser would start on the remote machine, where
// nobody sees it.
std::optional<std::vector<std::string>> browser_command(const Environment& env, std::string_view url,
                                                        const std::optional<std::string>& app);

}  // namespace latchkey::cli
