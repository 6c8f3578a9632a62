// apps, apps:create, apps:info, apps:destroy (compat spec B.20–B.23, resource
// shape C.7). Like the heroku CLI, apps:create adds the git remote `heroku`
// inside a work tree and apps:destroy removes the remotes that point at the
// app; remote URLs are always https://<git host>/<app>.git.
#include <CLI/CLI.hpp>

#include <memory>
#include <optional>

#include <boost/json.hpp>

#include "cli/commands/app_target.h"
#include "cli/commands/command.h"
#include "cli/git.h"
#include "cli/otpauth.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

struct ListOptions {
  bool all = false;
  std::string team;
  bool json = false;
};

struct CreateOptions {
  std::string name;
  std::string team;
  std::string region;
  std::string stack;
  std::string remote = "heroku";
  bool no_remote = false;
  bool json = false;
};

struct InfoOptions {
  std::shared_ptr<AppTarget> target;
  std::string positional;
  bool json = false;
};

struct DestroyOptions {
  std::shared_ptr<AppTarget> target;
  std::string positional;
  std::optional<std::string> confirm;
};

// "name" plus " (eu)" outside the default region, as the heroku CLI lists apps.
std::string app_line(const json::value& app) {
  std::string line = printable(json_string(app, {"name"}));
  std::string region = json_string(app, {"region", "name"});
  if (!region.empty() && region != "us") line += " (" + printable(region) + ")";
  return line;
}

void print_names(Context& ctx, const json::array& apps) {
  for (const json::value& a : apps) ctx.out << app_line(a) << '\n';
}

// Own apps under "=== <email> Apps", the rest in a Collaborated Apps table.
void print_partitioned(Context& ctx, const json::array& apps, const std::string& email) {
  json::array own;
  std::vector<std::vector<std::string>> others;
  for (const json::value& a : apps) {
    std::string owner = json_string(a, {"owner", "email"});
    if (owner == email) {
      own.push_back(a);
    } else {
      others.push_back({app_line(a), printable(owner)});
    }
  }
  if (!own.empty()) {
    ctx.out << "=== " << printable(email) << " Apps\n\n";
    print_names(ctx, own);
  }
  if (!others.empty()) {
    if (!own.empty()) ctx.out << '\n';
    ctx.out << "=== Collaborated Apps\n\n";
    print_table(ctx.out, {"Name", "Email"}, others);
  }
}

Outcome<void> list(Context& ctx, const ListOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  std::optional<std::string> team = o.all ? std::nullopt : resolve_team(ctx, o.team);
  std::string path = o.all ? "/apps" : team ? "/teams/" + path_segment(*team) + "/apps" : "/users/~/apps";
  auto apps = api->list(path);
  if (!apps) return failed(std::move(apps.error()));
  sort_by_field(*apps, "name");
  if (o.json) {
    print_json(ctx.out, *apps);
    return {};
  }
  if (team) {
    if (apps->empty()) {
      ctx.out << "There are no apps in team " << printable(*team) << ".\n";
    } else {
      ctx.out << "=== Apps in team " << printable(*team) << "\n\n";
      print_names(ctx, *apps);
    }
    return {};
  }
  if (apps->empty()) {
    ctx.out << "You have no apps.\n";
    return {};
  }
  auto account = api->call("GET", "/account");
  if (!account) return failed(std::move(account.error()));
  print_partitioned(ctx, *apps, json_string(*account, {"email"}));
  return {};
}

// Inside a work tree: adds `remote` for the new app unless it exists already.
void add_remote(Context& ctx, const std::string& remote, const std::string& url) {
  auto remotes = ctx.git.remotes();
  if (!remotes) return;
  for (const GitRemote& r : *remotes) {
    if (r.name == remote) {
      ctx.err << "Warning: git remote " << remote << " already exists and was left as it is (" << printable(r.url)
              << "); `latchkey git:remote -r " << remote << "` points it at this app.\n";
      return;
    }
  }
  if (auto added = ctx.git.add_remote(remote, url); !added) {
    ctx.err << "Warning: could not add git remote " << remote << ": " << added.error().message << '\n';
  }
}

Outcome<void> create(Context& ctx, const CreateOptions& o) {
  json::object body;
  if (!o.name.empty()) body["name"] = o.name;
  if (!o.region.empty()) body["region"] = o.region;
  if (!o.stack.empty()) body["stack"] = o.stack;
  std::optional<std::string> team = resolve_team(ctx, o.team);
  if (team) body["team"] = *team;
  auto host = current_git_host(ctx);
  if (!host) return failed(std::move(host.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  ctx.err << "Creating " << (o.name.empty() ? std::string("app") : printable(o.name)) << "... " << std::flush;
  auto app = api->call("POST", team ? "/teams/apps" : "/apps", with_body(std::move(body)));
  if (!app) {
    ctx.err << "failed\n";
    return failed(std::move(app.error()));
  }
  std::string name = json_string(*app, {"name"});
  if (name.empty()) return failed_local("the server's reply has no app name");
  ctx.err << "done" << (o.name.empty() ? ", " + printable(name) : std::string()) << '\n';
  std::string remote_url = app_remote_url(*host, name);
  if (o.json) {
    print_json(ctx.out, *app);
  } else {
    ctx.out << printable(json_string(*app, {"web_url"})) << " | " << printable(remote_url) << '\n';
  }
  if (!o.no_remote) add_remote(ctx, o.remote, remote_url);
  return {};
}

Outcome<std::string> chosen_app(Context& ctx, const std::string& positional, const AppTarget& target) {
  if (!positional.empty()) {
    if (!target.app.empty() && target.app != positional) {
      return failed_local("two different apps given: " + positional + " and -a " + target.app);
    }
    return positional;
  }
  return resolve_app(ctx, target);
}

Outcome<void> info(Context& ctx, const InfoOptions& o) {
  auto name = chosen_app(ctx, o.positional, *o.target);
  if (!name) return failed(std::move(name.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto app = api->call("GET", app_path(*name));
  if (!app) return failed(std::move(app.error()));
  if (o.json) {
    print_json(ctx.out, *app);
    return {};
  }
  std::vector<std::pair<std::string, std::string>> fields;
  auto add = [&](std::string label, const std::string& value) {
    if (!value.empty()) fields.emplace_back(std::move(label), printable(value));
  };
  add("Git URL", json_string(*app, {"git_url"}));
  add("Owner", json_string(*app, {"owner", "email"}));
  add("Team", json_string(*app, {"team", "name"}));
  add("Region", json_string(*app, {"region", "name"}));
  add("Stack", json_string(*app, {"stack", "name"}));
  add("Web URL", json_string(*app, {"web_url"}));
  add("Created", json_string(*app, {"created_at"}));
  add("Released", json_string(*app, {"released_at"}));
  ctx.out << "=== " << printable(json_string(*app, {"name"})) << "\n\n";
  print_fields(ctx.out, fields);
  return {};
}

// --confirm must name the app; without it a terminal is asked, a script refused.
Outcome<void> confirm_destroy(Context& ctx, const std::string& name, const std::optional<std::string>& given) {
  if (given) {
    if (*given == name) return {};
    return failed_local("Confirmation " + printable(*given) + " did not match " + name + ". Aborted.");
  }
  if (!ctx.interactive) {
    return failed_local("This would destroy " + name + ". Re-run with --confirm " + name + " to proceed.");
  }
  ctx.err << "WARNING: This will delete " << name << " and its git repository, config vars and releases.\n"
          << "To proceed, type " << name << " or re-run this command with --confirm " << name << "\n\n";
  auto typed = ctx.prompter.ask("> ", false);
  if (!typed) return failed(std::move(typed.error()));
  if (*typed == name) return {};
  return failed_local("Confirmation " + printable(*typed) + " did not match " + name + ". Aborted.");
}

// Removes every remote of the current repository that points at `name`.
void remove_remotes(Context& ctx, const std::string& name) {
  auto host = current_git_host(ctx);
  auto remotes = ctx.git.remotes();
  if (!host || !remotes) return;
  for (const GitRemote& r : *remotes) {
    if (app_of_remote(r.url, *host) != name) continue;
    if (auto removed = ctx.git.remove_remote(r.name); !removed) {
      ctx.err << "Warning: could not remove git remote " << r.name << ": " << removed.error().message << '\n';
    }
  }
}

Outcome<void> destroy(Context& ctx, const DestroyOptions& o) {
  auto given = chosen_app(ctx, o.positional, *o.target);
  if (!given) return failed(std::move(given.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto app = api->call("GET", app_path(*given));
  if (!app) return failed(std::move(app.error()));
  std::string name = json_string(*app, {"name"});
  if (name.empty()) return failed_local("the server's reply has no app name");
  if (auto ok = confirm_destroy(ctx, name, o.confirm); !ok) return ok;
  ctx.err << "Destroying " << name << "... " << std::flush;
  auto deleted = api->call("DELETE", app_path(name));
  if (!deleted) {
    ctx.err << "failed\n";
    return failed(std::move(deleted.error()));
  }
  ctx.err << "done\n";
  remove_remotes(ctx, name);
  return {};
}

}  // namespace

void add_app_commands(std::vector<CommandSpec>& table) {
  table.push_back({"apps", {"apps:list", "list"}, "list your apps and the apps you collaborate on",
                   [](CLI::App& app) -> Action {
                     auto o = std::make_shared<ListOptions>();
                     app.add_flag("-A,--all", o->all, "every app you can see (also through teams)");
                     app.add_option("-t,--team", o->team, "the apps of a team (default: $LATCHKEY_TEAM, $HEROKU_TEAM)");
                     app.add_flag("-j,--json", o->json, "print the list as JSON");
                     return [o](Context& ctx) { return list(ctx, *o); };
                   }});
  table.push_back({"apps:create", {"create"}, "create an app (and its git remote)", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<CreateOptions>();
                     app.add_option("name", o->name, "the app's name (default: generated by the server)");
                     app.add_option("-t,--team", o->team, "create the app in a team");
                     app.add_option("--region", o->region, "the region (default: us)");
                     app.add_option("-s,--stack", o->stack, "the stack");
                     app.add_option("--remote", o->remote, "the git remote to add (default: heroku)");
                     app.add_flag("--no-remote", o->no_remote, "do not add a git remote");
                     app.add_flag("-j,--json", o->json, "print the app as JSON");
                     return [o](Context& ctx) { return create(ctx, *o); };
                   }});
  table.push_back({"apps:info", {"info"}, "show an app", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<InfoOptions>();
                     app.add_option("app_name", o->positional, "the app (same as -a)");
                     o->target = add_app_flags(app);
                     app.add_flag("-j,--json", o->json, "print the app as JSON");
                     return [o](Context& ctx) { return info(ctx, *o); };
                   }});
  table.push_back({"apps:destroy", {"destroy"}, "delete an app for good", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<DestroyOptions>();
                     app.add_option("app_name", o->positional, "the app (same as -a)");
                     o->target = add_app_flags(app);
                     app.add_option("-c,--confirm", o->confirm, "the app's name, to skip the question");
                     return [o](Context& ctx) { return destroy(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
