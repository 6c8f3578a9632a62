// git:remote, git:credentials, and the credential helper set-up that login
// and logout use (compat spec A.4, B.28).
//
// git:credentials is git's credential helper protocol (git-credential(1)):
// git writes `key=value` lines ending with a blank line on stdin; for `get`
// with protocol=https and host = the git host we answer username/password,
// where the password is the token the CLI would use (the netrc entry of the
// API machine, or $LATCHKEY_API_KEY / $HEROKU_API_KEY). Any other host gets
// nothing, so the token never goes to a server it was not made for. `store`
// and `erase` do nothing: the netrc is managed by login/logout. No HTTP.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include "cli/commands/app_target.h"
#include "cli/commands/command.h"
#include "cli/commands/git_helper.h"
#include "cli/git.h"
#include "cli/netrc.h"
#include "cli/otpauth.h"
#include "cli/output.h"
#include "core/text.h"

namespace latchkey::cli {
namespace {

// git sends a handful of short lines; anything bigger is not git.
constexpr std::size_t kMaxHelperInput = std::size_t{64} * 1024;
constexpr std::string_view kDefaultUser = "latchkey";

struct RemoteOptions {
  std::string app;
  std::string remote = "heroku";
};

Outcome<void> set_remote(Context& ctx, const RemoteOptions& o) {
  auto remotes = ctx.git.remotes();
  if (!remotes) return failed_local("not inside a git repository (or git is not installed)");
  auto app = resolve_app(ctx, AppTarget{o.app, {}});
  if (!app) return failed(std::move(app.error()));
  auto host = current_git_host(ctx);
  if (!host) return failed(std::move(host.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto found = api->call("GET", app_path(*app));
  if (!found) return failed(std::move(found.error()));
  std::string name = json_string(*found, {"name"});
  if (name.empty()) return failed_local("the server's reply has no app name");
  std::string url = app_remote_url(*host, name);
  bool exists = std::any_of(remotes->begin(), remotes->end(), [&](const GitRemote& r) { return r.name == o.remote; });
  auto done = exists ? ctx.git.set_remote_url(o.remote, url) : ctx.git.add_remote(o.remote, url);
  if (!done) return done;
  ctx.out << "set git remote " << o.remote << " to " << printable(url) << '\n';
  return {};
}

// The attributes git sent, up to the blank line or the end of input.
std::vector<std::pair<std::string, std::string>> read_request(std::istream& in) {
  std::vector<std::pair<std::string, std::string>> attrs;
  std::size_t total = 0;
  std::string line;
  while (total < kMaxHelperInput && std::getline(in, line)) {
    total += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    attrs.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  return attrs;
}

std::string attribute(const std::vector<std::pair<std::string, std::string>>& attrs, std::string_view key) {
  for (const auto& [k, v] : attrs) {
    if (k == key) return v;
  }
  return {};
}

bool safe_value(std::string_view v) {
  return !v.empty() && std::none_of(v.begin(), v.end(), [](char c) { return c == '\n' || c == '\0'; });
}

Outcome<void> credentials(Context& ctx, const std::string& operation) {
  auto attrs = read_request(ctx.in);
  if (operation != "get") return {};  // store, erase and future operations: nothing to do
  auto host = current_git_host(ctx);
  if (!host) return failed(std::move(host.error()));
  if (attribute(attrs, "protocol") != "https" || !equals_ignore_case(attribute(attrs, "host"), *host)) return {};
  auto creds = resolve_credentials(ctx.env, ctx.api_url_flag);
  if (!creds) return failed(std::move(creds.error()));
  if (creds->token.empty() || !safe_value(creds->token.reveal())) return {};
  std::string user(kDefaultUser);
  if (creds->source == TokenSource::kNetrc && safe_value(creds->email)) user = creds->email;
  ctx.out << "username=" << user << "\npassword=" << creds->token.reveal() << '\n';
  ctx.out.flush();
  return {};
}

bool said_yes(std::string_view answer) {
  answer = trim_blanks(answer);
  return answer.empty() || equals_ignore_case(answer, "y") || equals_ignore_case(answer, "yes");
}

}  // namespace

void offer_credential_helper(Context& ctx, std::string_view api_url, HelperChoice choice) {
  if (choice == HelperChoice::kSkip || (choice == HelperChoice::kAsk && !ctx.interactive)) return;
  auto host = git_host(ctx.env, api_url);
  if (!host) return;
  const std::string key = credential_helper_key(*host);
  const std::string value = credential_helper_value(ctx.self_path, api_url);
  if (ctx.git.global_config(key) == value) return;  // already ours
  if (choice == HelperChoice::kAsk) {
    auto answer = ctx.prompter.ask("Use latchkey as git's credential helper for https://" + *host + "? [Y/n] ", false);
    if (!answer || !said_yes(*answer)) return;
  }
  if (auto set = ctx.git.set_global_config(key, value); !set) {
    ctx.err << "Warning: could not set up git's credential helper: " << set.error().message << '\n';
    return;
  }
  ctx.err << "git now asks latchkey for credentials for https://" << *host << " (git config --global " << key
          << ")\n";
}

void remove_credential_helper(Context& ctx, std::string_view api_url) {
  auto host = git_host(ctx.env, api_url);
  if (!host) return;
  const std::string key = credential_helper_key(*host);
  auto current = ctx.git.global_config(key);
  if (!current || !is_cli_credential_helper(*current)) return;
  if (auto unset = ctx.git.unset_global_config(key); !unset) {
    ctx.err << "Warning: could not remove git's credential helper: " << unset.error().message << '\n';
  }
}

void add_git_commands(std::vector<CommandSpec>& table) {
  table.push_back({"git:remote", {}, "point a git remote at an app", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<RemoteOptions>();
                     app.add_option("-a,--app", o->app, "the app (default: $LATCHKEY_APP, $HEROKU_APP)");
                     app.add_option("-r,--remote", o->remote, "the remote's name (default: heroku)");
                     return [o](Context& ctx) { return set_remote(ctx, *o); };
                   }});
  table.push_back({"git:credentials", {}, "git credential helper (get|store|erase), used by git itself",
                   [](CLI::App& app) -> Action {
                     auto operation = std::make_shared<std::string>();
                     app.add_option("operation", *operation, "get, store or erase")->required();
                     return [operation](Context& ctx) { return credentials(ctx, *operation); };
                   }});
}

}  // namespace latchkey::cli
