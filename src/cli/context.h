// What a command runs with: the environment variables, the input and output
// streams, the prompter, the HTTP transport, the clock, a sleeper (pauses
// between polls), a launcher (opens the browser) and git (remotes, global
// config). main() builds the real ones; tests pass fakes. Nothing here is global.
// Thread safety: a Context is used by one thread.
#pragma once

#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/api_client.h"
#include "cli/prompt.h"
#include "core/clock.h"

namespace latchkey::cli {

class Sleeper;   // cli/system.h
class Launcher;  // cli/system.h
class Git;       // cli/git.h

// A snapshot of environment variables. Empty values count as unset.
class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  static Environment from_environ(char** envp);

  std::optional<std::string> get(std::string_view name) const;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

struct Context {
  const Environment& env;
  std::istream& in;  // raw standard input (the git credential helper protocol)
  std::ostream& out;
  std::ostream& err;
  Prompter& prompter;
  HttpTransport& transport;
  const Clock& clock;
  Sleeper& sleeper;
  Launcher& launcher;
  Git& git;
  std::string hostname;                     // for "Latchkey CLI login from <hostname>"
  std::optional<std::string> api_url_flag;  // --api-url, set by the dispatcher
  bool interactive = false;                 // standard input is a terminal: questions may be asked
  std::string self_path;                    // absolute path of this binary (for git's helper config)
};

}  // namespace latchkey::cli
