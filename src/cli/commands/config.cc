// config, config:get, config:set, config:unset: an app's config vars
// (compat spec B.27, shapes C.11). A change is one PATCH of the flat
// {KEY: value|null} object; the server records a release, whose version is
// then read back with `Range: version ..; order=desc,max=1` (the exact header
// the heroku CLI sends) and shown as "done, vN".
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include <boost/json.hpp>

#include "cli/commands/app_target.h"
#include "cli/commands/command.h"
#include "cli/otpauth.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kLatestRelease = "version ..; order=desc,max=1";

struct ShowOptions {
  std::shared_ptr<AppTarget> target;
  std::vector<std::string> keys;
  bool json = false;
  bool shell = false;
};

struct ChangeOptions {
  std::shared_ptr<AppTarget> target;
  std::vector<std::string> args;  // KEY=VALUE (set) or KEY (unset)
};

std::string value_text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_null()) return {};
  return json::serialize(v);
}

Outcome<json::value> fetch(Context& ctx, const AppTarget& target, std::string& app) {
  auto name = resolve_app(ctx, target);
  if (!name) return failed(std::move(name.error()));
  app = *name;
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto vars = api->call("GET", app_path(app) + "/config-vars");
  if (!vars) return failed(std::move(vars.error()));
  if (!vars->is_object()) return failed_local("the server's config vars are not a JSON object");
  return vars;
}

Outcome<void> show(Context& ctx, const ShowOptions& o) {
  std::string app;
  auto vars = fetch(ctx, *o.target, app);
  if (!vars) return failed(std::move(vars.error()));
  const json::object& all = vars->get_object();
  std::vector<std::string> keys;
  for (const auto& kv : all) keys.emplace_back(kv.key());
  std::sort(keys.begin(), keys.end());
  if (o.json) {
    json::object sorted;
    for (const std::string& k : keys) sorted[k] = all.at(k);
    print_json(ctx.out, sorted);
  } else if (o.shell) {
    for (const std::string& k : keys) ctx.out << k << '=' << shell_quote(value_text(all.at(k))) << '\n';
  } else if (keys.empty()) {
    ctx.out << printable(app) << " has no config vars.\n";
  } else {
    ctx.out << "=== " << printable(app) << " Config Vars\n\n";
    std::vector<std::pair<std::string, std::string>> fields;
    fields.reserve(keys.size());
    for (const std::string& k : keys) fields.emplace_back(printable(k), printable(value_text(all.at(k))));
    print_fields(ctx.out, fields);
  }
  return {};
}

// config:get KEY...: each value on its own line ("" when unset), raw, for scripts.
Outcome<void> get(Context& ctx, const ShowOptions& o) {
  std::string app;
  auto vars = fetch(ctx, *o.target, app);
  if (!vars) return failed(std::move(vars.error()));
  for (const std::string& k : o.keys) {
    const json::value* v = vars->get_object().if_contains(k);
    std::string value = v != nullptr ? value_text(*v) : std::string();
    if (o.shell) {
      ctx.out << k << '=' << shell_quote(value) << '\n';
    } else {
      ctx.out << value << '\n';
    }
  }
  return {};
}

// "A, B" as the heroku CLI names the keys in its progress line.
std::string key_list(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + printable(k);
  return out;
}

// PATCH the changes, then read the release they made; "... done, vN".
Outcome<json::value> apply(Context& ctx, const AppTarget& target, std::string_view verb,
                           const std::vector<std::string>& keys, json::object changes) {
  auto app = resolve_app(ctx, target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  ctx.err << verb << ' ' << key_list(keys) << " and restarting " << printable(*app) << "... " << std::flush;
  auto result = api->call("PATCH", app_path(*app) + "/config-vars", with_body(std::move(changes)));
  if (!result) {
    ctx.err << "failed\n";
    return failed(std::move(result.error()));
  }
  CallOptions latest;
  latest.headers.push_back({"Range", std::string(kLatestRelease)});
  auto releases = api->call("GET", app_path(*app) + "/releases", latest);
  if (!releases) {
    ctx.err << "done\n";
    return failed(std::move(releases.error()));
  }
  std::optional<std::int64_t> version;
  if (releases->is_array() && !releases->get_array().empty()) version = json_int(releases->get_array()[0], {"version"});
  ctx.err << "done" << (version ? ", v" + std::to_string(*version) : std::string()) << '\n';
  return result;
}

Outcome<void> set(Context& ctx, const ChangeOptions& o) {
  json::object changes;
  std::vector<std::string> keys;
  for (const std::string& arg : o.args) {
    std::size_t eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
      return failed_local(printable(arg) + " is invalid. Must be in the format FOO=bar.");
    }
    std::string key = arg.substr(0, eq);
    if (!changes.contains(key)) keys.push_back(key);
    changes[key] = arg.substr(eq + 1);
  }
  auto result = apply(ctx, *o.target, "Setting", keys, std::move(changes));
  if (!result) return failed(std::move(result.error()));
  std::vector<std::pair<std::string, std::string>> fields;
  for (const std::string& k : keys) {
    const json::value* v = result->is_object() ? result->get_object().if_contains(k) : nullptr;
    fields.emplace_back(printable(k), v != nullptr ? printable(value_text(*v)) : std::string());
  }
  print_fields(ctx.out, fields);
  return {};
}

Outcome<void> unset(Context& ctx, const ChangeOptions& o) {
  json::object changes;
  std::vector<std::string> keys;
  for (const std::string& key : o.args) {
    if (!changes.contains(key)) keys.push_back(key);
    changes[key] = nullptr;
  }
  auto result = apply(ctx, *o.target, "Unsetting", keys, std::move(changes));
  if (!result) return failed(std::move(result.error()));
  return {};
}

std::shared_ptr<ChangeOptions> change_options(CLI::App& app, std::string_view what) {
  auto o = std::make_shared<ChangeOptions>();
  app.add_option("vars", o->args, std::string(what))->required();
  o->target = add_app_flags(app);
  return o;
}

}  // namespace

void add_config_commands(std::vector<CommandSpec>& table) {
  table.push_back({"config", {"config:list"}, "show an app's config vars", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<ShowOptions>();
                     o->target = add_app_flags(app);
                     app.add_flag("-j,--json", o->json, "print the config vars as JSON");
                     app.add_flag("-s,--shell", o->shell, "print KEY=value lines for a shell");
                     return [o](Context& ctx) { return show(ctx, *o); };
                   }});
  table.push_back({"config:get", {}, "print config var values", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<ShowOptions>();
                     app.add_option("keys", o->keys, "the config vars' names")->required();
                     o->target = add_app_flags(app);
                     app.add_flag("-s,--shell", o->shell, "print KEY=value lines for a shell");
                     return [o](Context& ctx) { return get(ctx, *o); };
                   }});
  table.push_back({"config:set", {"config:add"}, "set config vars (KEY=value ...)", [](CLI::App& app) -> Action {
                     auto o = change_options(app, "KEY=value pairs");
                     return [o](Context& ctx) { return set(ctx, *o); };
                   }});
  table.push_back({"config:unset", {"config:remove"}, "remove config vars", [](CLI::App& app) -> Action {
                     auto o = change_options(app, "the config vars' names");
                     return [o](Context& ctx) { return unset(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
