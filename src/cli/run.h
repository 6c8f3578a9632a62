// The `latchkey` entry point below main(): global options, command lookup in
// the command table, per-command argument parsing (CLI11), running the action
// and turning a Failure into "Error: …" lines and the exit code.
// Thread safety: one call per thread, with its own Context.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"

namespace latchkey::cli {

inline constexpr std::string_view kCliVersion = "latchkey-cli/0.1.0";

// `args` excludes the program name. Returns the process exit code.
int run(const std::vector<std::string>& args, Context& ctx);

}  // namespace latchkey::cli
