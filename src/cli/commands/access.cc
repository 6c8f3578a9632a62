// access, access:add, access:remove, access:update: an app's collaborators
// and their permissions (compat spec B.24–B.26, resource shapes C.8–C.9).
// Permissions go to the team collaborator endpoint sorted, de-duplicated and
// with "view" added, as the heroku CLI sends them.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>

#include <boost/json.hpp>

#include "cli/commands/app_target.h"
#include "cli/commands/command.h"
#include "cli/otpauth.h"
#include "cli/output.h"
#include "core/text.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

struct MemberOptions {
  std::shared_ptr<AppTarget> target;
  std::string email;
  std::vector<std::string> permissions;
  bool json = false;
};

// The names in -p (comma-separated, repeatable), sorted, unique, with "view".
std::vector<std::string> permission_set(const std::vector<std::string>& given) {
  std::vector<std::string> out{"view"};
  for (const std::string& p : given) {
    std::string_view name = trim_blanks(p);
    if (!name.empty()) out.emplace_back(name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : std::string(separator)) + i;
  return out;
}

// Permission names of a collaborator ([{name}] as Heroku sends them, or plain strings).
std::vector<std::string> permission_names(const json::value& collaborator) {
  std::vector<std::string> names;
  const json::value* perms =
      collaborator.is_object() ? collaborator.get_object().if_contains("permissions") : nullptr;
  if (perms == nullptr || !perms->is_array()) return names;
  for (const json::value& p : perms->get_array()) {
    std::string name = p.is_string() ? std::string(p.get_string()) : json_string(p, {"name"});
    if (!name.empty()) names.push_back(printable(name));
  }
  return names;
}

bool has_permissions(const json::value& collaborator) {
  const json::value* p = collaborator.is_object() ? collaborator.get_object().if_contains("permissions") : nullptr;
  return p != nullptr && p->is_array();
}

Outcome<void> list(Context& ctx, const AppTarget& target, bool as_json) {
  auto app = resolve_app(ctx, target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto items = api->list(app_path(*app) + "/collaborators");
  if (!items) return failed(std::move(items.error()));
  std::stable_sort(items->begin(), items->end(), [](const json::value& a, const json::value& b) {
    return json_string(a, {"user", "email"}) < json_string(b, {"user", "email"});
  });
  if (as_json) {
    print_json(ctx.out, *items);
    return {};
  }
  bool with_permissions = std::any_of(items->begin(), items->end(), has_permissions);
  std::vector<std::vector<std::string>> rows;
  for (const json::value& c : *items) {
    std::string role = json_string(c, {"role"});
    std::vector<std::string> row{printable(json_string(c, {"user", "email"})),
                                 role.empty() ? std::string("collaborator") : printable(role)};
    if (with_permissions) row.push_back(joined(permission_names(c), ", "));
    rows.push_back(std::move(row));
  }
  ctx.out << "=== " << printable(*app) << " Access List\n\n";
  if (with_permissions) {
    print_table(ctx.out, {"Email", "Role", "Permissions"}, rows);
  } else {
    print_table(ctx.out, {"Email", "Role"}, rows);
  }
  return {};
}

Outcome<void> add(Context& ctx, const MemberOptions& o) {
  auto app = resolve_app(ctx, *o.target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto found = api->call("GET", app_path(*app));
  if (!found) return failed(std::move(found.error()));
  std::string name = json_string(*found, {"name"});
  if (name.empty()) name = *app;
  const bool team_app = json_has_object(*found, "team");
  json::object body{{"user", o.email}};
  std::string path = app_path(name) + "/collaborators";
  std::string with;
  if (team_app || !o.permissions.empty()) {
    std::vector<std::string> perms = permission_set(o.permissions);
    body["permissions"] = json::array(perms.begin(), perms.end());
    path = "/teams" + path;
    with = " with " + joined(perms, ", ") + " permissions";
  }
  ctx.err << "Adding " << printable(o.email) << " access to the app " << name << with << "... " << std::flush;
  auto added = api->call("POST", path, with_body(std::move(body)));
  if (!added) {
    ctx.err << "failed\n";
    return failed(std::move(added.error()));
  }
  ctx.err << "done\n";
  if (o.json) print_json(ctx.out, *added);
  return {};
}

Outcome<void> update(Context& ctx, const MemberOptions& o) {
  if (o.permissions.empty()) return failed_local("-p/--permissions is required (e.g. -p deploy,operate)");
  auto app = resolve_app(ctx, *o.target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  std::vector<std::string> perms = permission_set(o.permissions);
  ctx.err << "Updating " << printable(o.email) << " in the app " << printable(*app) << " with "
          << joined(perms, ", ") << " permissions... " << std::flush;
  auto updated = api->call("PATCH", "/teams" + app_path(*app) + "/collaborators/" + path_segment(o.email),
                           with_body(json::object{{"permissions", json::array(perms.begin(), perms.end())}}));
  if (!updated) {
    ctx.err << "failed\n";
    return failed(std::move(updated.error()));
  }
  ctx.err << "done\n";
  if (o.json) print_json(ctx.out, *updated);
  return {};
}

Outcome<void> remove(Context& ctx, const MemberOptions& o) {
  auto app = resolve_app(ctx, *o.target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  ctx.err << "Removing " << printable(o.email) << " access from the app " << printable(*app) << "... " << std::flush;
  auto removed = api->call("DELETE", app_path(*app) + "/collaborators/" + path_segment(o.email));
  if (!removed) {
    ctx.err << "failed\n";
    return failed(std::move(removed.error()));
  }
  ctx.err << "done\n";
  if (o.json) print_json(ctx.out, *removed);
  return {};
}

// EMAIL, -a/-r, --json and, when asked, -p/--permissions.
std::shared_ptr<MemberOptions> member_options(CLI::App& app, bool with_permissions) {
  auto o = std::make_shared<MemberOptions>();
  app.add_option("email", o->email, "the collaborator's email")->required();
  o->target = add_app_flags(app);
  if (with_permissions) {
    app.add_option("-p,--permissions", o->permissions,
                   "comma-separated: view, deploy, operate, manage (view is always added)")
        ->delimiter(',');
  }
  app.add_flag("-j,--json", o->json, "print the collaborator as JSON");
  return o;
}

}  // namespace

void add_access_commands(std::vector<CommandSpec>& table) {
  table.push_back({"access", {"access:list"}, "list who has access to an app", [](CLI::App& app) -> Action {
                     auto target = add_app_flags(app);
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the list as JSON");
                     return [target, as_json](Context& ctx) { return list(ctx, *target, *as_json); };
                   }});
  table.push_back({"access:add", {}, "give someone access to an app", [](CLI::App& app) -> Action {
                     auto o = member_options(app, true);
                     return [o](Context& ctx) { return add(ctx, *o); };
                   }});
  table.push_back({"access:update", {}, "change a collaborator's permissions", [](CLI::App& app) -> Action {
                     auto o = member_options(app, true);
                     return [o](Context& ctx) { return update(ctx, *o); };
                   }});
  table.push_back({"access:remove", {}, "take away someone's access to an app", [](CLI::App& app) -> Action {
                     auto o = member_options(app, false);
                     return [o](Context& ctx) { return remove(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
