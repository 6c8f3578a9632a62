// The command table: every `latchkey` command is one CommandSpec, so the
// dispatcher, the top-level help and the docs read from one list (the Redis
// command-table idea). A spec's `define` adds the command's arguments to a
// CLI11 app and returns the action bound to them.
// Thread safety: built and used by one thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/api_client.h"
#include "cli/context.h"
#include "cli/credentials.h"
#include "cli/failure.h"

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
}

namespace latchkey::cli {

using Action = std::function<Outcome<void>(Context&)>;

struct CommandSpec {
  std::string name;
  std::vector<std::string> aliases;
  std::string summary;
  std::function<Action(CLI::App&)> define;
};

void add_auth_commands(std::vector<CommandSpec>& table);
void add_authorization_commands(std::vector<CommandSpec>& table);
void add_client_commands(std::vector<CommandSpec>& table);
void add_session_commands(std::vector<CommandSpec>& table);
void add_heroku_env_command(std::vector<CommandSpec>& table);
void add_mfa_commands(std::vector<CommandSpec>& table);
void add_app_commands(std::vector<CommandSpec>& table);
void add_access_commands(std::vector<CommandSpec>& table);
void add_config_commands(std::vector<CommandSpec>& table);
void add_release_commands(std::vector<CommandSpec>& table);
void add_team_commands(std::vector<CommandSpec>& table);
void add_git_commands(std::vector<CommandSpec>& table);
void add_activity_commands(std::vector<CommandSpec>& table);

std::vector<CommandSpec> all_commands();

// --- helpers shared by commands -------------------------------------------

// Credentials with a token, or Failure::not_logged_in() (exit 100).
Outcome<Credentials> require_login(const Context& ctx);
// An API client carrying the stored token (require_login's failures otherwise).
Outcome<ApiClient> logged_in_client(const Context& ctx);

// Percent-encodes one path segment (RFC 3986 unreserved characters stay).
std::string path_segment(std::string_view raw);

// Parses a positive number of seconds (`what` names the flag in errors).
Outcome<std::int64_t> parse_seconds(std::string_view text, std::string_view what);

// `value` as one POSIX shell word: unchanged when it is made of safe characters
// only, else single-quoted (for lines meant for `eval`).
std::string shell_quote(std::string_view value);

// True if `shown` (possibly redacted as <prefix>**********<suffix>) is `token`.
bool token_matches(std::string_view shown, const Secret& token);

}  // namespace latchkey::cli
