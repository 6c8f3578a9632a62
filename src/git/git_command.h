// Runs a short git command to completion (git init, git for-each-ref) and
// returns its stdout. Blocking: call it from a worker thread, never from an
// I/O thread. The child gets only the environment given, descriptors other
// than 0/1/2 closed, stdin and stderr on /dev/null.
// Thread safety: thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace latchkey::git {

struct GitCommand {
  std::string program;            // absolute path of git
  std::vector<std::string> args;  // after argv[0]
  std::vector<std::string> env;   // "NAME=value", the whole environment
  std::size_t max_output = 4 << 20;
};

// stdout on exit status 0; kInternal (detail: the command and status) otherwise.
Result<std::string> run_git(const GitCommand& command);

// The absolute path of `git` on `search_path` (colon-separated), or "".
std::string find_git(const std::string& search_path);

}  // namespace latchkey::git
