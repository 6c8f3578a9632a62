// teams, teams:create, members, members:add, members:remove: teams and their
// members with roles admin, member, viewer (compat spec C.9).
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

struct TeamOptions {
  std::string team;   // -t/--team, or teams:create's NAME
  std::string email;  // members:add / members:remove
  std::string role;   // members:add
  bool json = false;
};

Outcome<std::string> required_team(const Context& ctx, const TeamOptions& o) {
  auto team = resolve_team(ctx, o.team);
  if (!team) return failed_local("Missing required flag -t, --team (or set LATCHKEY_TEAM).");
  return *team;
}

std::string team_path(std::string_view team) { return "/teams/" + path_segment(team); }

Outcome<void> list_teams(Context& ctx, bool as_json) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto teams = api->list("/teams");
  if (!teams) return failed(std::move(teams.error()));
  sort_by_field(*teams, "name");
  if (as_json) {
    print_json(ctx.out, *teams);
  } else if (teams->empty()) {
    ctx.out << "You are not a member of any teams.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const json::value& t : *teams) {
      rows.push_back({printable(json_string(t, {"name"})), printable(json_string(t, {"role"}))});
    }
    print_table(ctx.out, {"Team", "Role"}, rows);
  }
  return {};
}

// A progress line on stderr around one request; the reply printed with --json.
Outcome<void> change(Context& ctx, const std::string& progress, std::string_view method, const std::string& path,
                     std::optional<json::value> body, bool as_json) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  ctx.err << progress << "... " << std::flush;
  CallOptions options;
  options.body = std::move(body);
  auto reply = api->call(method, path, options);
  if (!reply) {
    ctx.err << "failed\n";
    return failed(std::move(reply.error()));
  }
  ctx.err << "done\n";
  if (as_json) print_json(ctx.out, *reply);
  return {};
}

Outcome<void> create_team(Context& ctx, const TeamOptions& o) {
  return change(ctx, "Creating team " + printable(o.team), "POST", "/teams", json::object{{"name", o.team}}, o.json);
}

Outcome<void> list_members(Context& ctx, const TeamOptions& o) {
  auto team = required_team(ctx, o);
  if (!team) return failed(std::move(team.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto members = api->list(team_path(*team) + "/members");
  if (!members) return failed(std::move(members.error()));
  sort_by_field(*members, "email");
  if (o.json) {
    print_json(ctx.out, *members);
  } else if (members->empty()) {
    ctx.out << "No members in " << printable(*team) << ".\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const json::value& m : *members) {
      rows.push_back({printable(json_string(m, {"email"})), printable(json_string(m, {"role"}))});
    }
    print_table(ctx.out, {"Email", "Role"}, rows);
  }
  return {};
}

Outcome<void> add_member(Context& ctx, const TeamOptions& o) {
  auto team = required_team(ctx, o);
  if (!team) return failed(std::move(team.error()));
  return change(ctx, "Adding " + printable(o.email) + " to " + printable(*team) + " as " + printable(o.role), "PUT",
                team_path(*team) + "/members", json::object{{"email", o.email}, {"role", o.role}}, o.json);
}

Outcome<void> remove_member(Context& ctx, const TeamOptions& o) {
  auto team = required_team(ctx, o);
  if (!team) return failed(std::move(team.error()));
  return change(ctx, "Removing " + printable(o.email) + " from " + printable(*team), "DELETE",
                team_path(*team) + "/members/" + path_segment(o.email), std::nullopt, o.json);
}

std::shared_ptr<TeamOptions> team_options(CLI::App& app, bool with_email, std::string_view json_help) {
  auto o = std::make_shared<TeamOptions>();
  if (with_email) app.add_option("email", o->email, "the member's email")->required();
  app.add_option("-t,--team", o->team, "the team (default: $LATCHKEY_TEAM, $HEROKU_TEAM)");
  app.add_flag("-j,--json", o->json, std::string(json_help));
  return o;
}

}  // namespace

void add_team_commands(std::vector<CommandSpec>& table) {
  table.push_back({"teams", {"teams:list"}, "list the teams you belong to", [](CLI::App& app) -> Action {
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the list as JSON");
                     return [as_json](Context& ctx) { return list_teams(ctx, *as_json); };
                   }});
  table.push_back({"teams:create", {}, "create a team (you become its admin)", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<TeamOptions>();
                     app.add_option("name", o->team, "the team's name")->required();
                     app.add_flag("-j,--json", o->json, "print the team as JSON");
                     return [o](Context& ctx) { return create_team(ctx, *o); };
                   }});
  table.push_back({"members", {"members:list"}, "list a team's members", [](CLI::App& app) -> Action {
                     auto o = team_options(app, false, "print the list as JSON");
                     return [o](Context& ctx) { return list_members(ctx, *o); };
                   }});
  table.push_back({"members:add", {"members:set"}, "add a team member or change its role", [](CLI::App& app) -> Action {
                     auto o = team_options(app, true, "print the member as JSON");
                     app.add_option("--role", o->role, "admin, member or viewer")->required();
                     return [o](Context& ctx) { return add_member(ctx, *o); };
                   }});
  table.push_back({"members:remove", {}, "remove someone from a team", [](CLI::App& app) -> Action {
                     auto o = team_options(app, true, "print the removed member as JSON");
                     return [o](Context& ctx) { return remove_member(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
