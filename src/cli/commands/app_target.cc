// App and team resolution for the app commands (see app_target.h).
#include "cli/commands/app_target.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <vector>

#include "cli/commands/command.h"
#include "cli/credentials.h"
#include "cli/git.h"

namespace latchkey::cli {
namespace {

struct RemoteApp {
  std::string remote;
  std::string app;
};

std::vector<RemoteApp> remote_apps(Context& ctx, std::string_view host) {
  std::vector<RemoteApp> out;
  auto remotes = ctx.git.remotes();
  if (!remotes) return out;
  for (const GitRemote& r : *remotes) {
    if (auto app = app_of_remote(r.url, host)) out.push_back({r.name, std::move(*app)});
  }
  return out;
}

}  // namespace

std::shared_ptr<AppTarget> add_app_flags(CLI::App& app) {
  auto t = std::make_shared<AppTarget>();
  app.add_option("-a,--app", t->app, "the app (default: $LATCHKEY_APP, $HEROKU_APP or the git remote's app)");
  app.add_option("-r,--remote", t->remote, "the git remote whose app to use");
  return t;
}

Outcome<std::string> resolve_app(Context& ctx, const AppTarget& target) {
  if (!target.app.empty()) return target.app;
  if (target.remote.empty()) {
    if (auto app = ctx.env.get("LATCHKEY_APP")) return *app;
    if (auto app = ctx.env.get("HEROKU_APP")) return *app;
  }
  auto host = current_git_host(ctx);
  if (!host) return failed(std::move(host.error()));
  std::vector<RemoteApp> found = remote_apps(ctx, *host);
  if (!target.remote.empty()) {
    for (const RemoteApp& r : found) {
      if (r.remote == target.remote) return r.app;
    }
    return failed_local("git remote " + target.remote + " not found, or it does not point at an app on " + *host);
  }
  std::vector<std::string> apps;
  for (const RemoteApp& r : found) {
    if (std::find(apps.begin(), apps.end(), r.app) == apps.end()) apps.push_back(r.app);
  }
  if (apps.size() == 1) return apps.front();
  if (apps.empty()) {
    return failed_local("Missing required flag -a, --app: no app given, and no git remote points at one "
                        "(https://" + *host + "/<app>.git). Use -a APP or set LATCHKEY_APP.");
  }
  std::string list;
  for (const RemoteApp& r : found) list += (list.empty() ? "" : ", ") + r.app + " (" + r.remote + ")";
  return failed_local("Multiple apps in git remotes: " + list + ". Choose one with -a APP or -r REMOTE.");
}

std::optional<std::string> resolve_team(const Context& ctx, const std::string& flag) {
  if (!flag.empty()) return flag;
  if (auto team = ctx.env.get("LATCHKEY_TEAM")) return team;
  return ctx.env.get("HEROKU_TEAM");
}

std::string app_path(std::string_view app) { return "/apps/" + path_segment(app); }

Outcome<std::string> current_git_host(const Context& ctx) {
  return git_host(ctx.env, resolve_api_url(ctx.env, ctx.api_url_flag));
}

}  // namespace latchkey::cli
