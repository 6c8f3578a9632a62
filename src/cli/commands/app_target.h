// Which app (or team) a command acts on, found as the heroku CLI finds it
// (compat spec B.22): -a/--app, else the app of remote -r/--remote, else
// $LATCHKEY_APP / $HEROKU_APP, else the one app the git remotes of the current
// repository point at (https://<git host>/<app>.git). Teams: -t/--team, else
// $LATCHKEY_TEAM / $HEROKU_TEAM.
// Thread safety: used by one thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/context.h"
#include "cli/failure.h"

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
}

namespace latchkey::cli {

struct AppTarget {
  std::string app;     // -a/--app
  std::string remote;  // -r/--remote
};

// Adds -a/--app and -r/--remote to `app`.
std::shared_ptr<AppTarget> add_app_flags(CLI::App& app);

// The app's name as the user gave it (or as a remote names it).
Outcome<std::string> resolve_app(Context& ctx, const AppTarget& target);

// -t/--team (given as `flag`) or the environment's team; nullopt when none.
std::optional<std::string> resolve_team(const Context& ctx, const std::string& flag);

// "/apps/<app>" with the name percent-encoded as one path segment.
std::string app_path(std::string_view app);

// The git host of the API the command talks to.
Outcome<std::string> current_git_host(const Context& ctx);

}  // namespace latchkey::cli
