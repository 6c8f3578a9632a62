// /teams, /teams/{team}/members, /teams/{team}/apps, /teams/permissions and
// /teams/{team}/features (Heroku Platform API). Authorization is the
// policy's, inside service::TeamService / AppService.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/platform_views.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

const std::vector<std::string> kTeamFields = {"name", "id"};
const std::vector<std::string> kMemberFields = {"email"};
const std::vector<std::string> kAppFields = {"id", "name"};

const std::string& team_param(const Call& call) { return call.params.at(0); }

}  // namespace

Result<Reply> team_list(Services& s, Call& call) {
  auto list = s.teams.list(call.caller(), call.info);
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  for (const auto& t : *list) items.push_back(team_json(t));
  return list_reply(call, std::move(items), kTeamFields);
}

Result<Reply> team_create(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto name = required_string(*body, "name");
  if (!name) return fail(name.error());
  auto team = s.teams.create(call.caller(), *name, call.info);
  if (!team) return fail(team.error());
  return json_reply(201, team_json(*team));
}

Result<Reply> team_info(Services& s, Call& call) {
  auto team = s.teams.get(call.caller(), team_param(call), call.info);
  if (!team) return fail(team.error());
  return json_reply(200, team_json(*team));
}

Result<Reply> team_member_list(Services& s, Call& call) {
  auto list = s.teams.members(call.caller(), team_param(call), call.info);
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  for (const auto& m : *list) items.push_back(member_json(m));
  return list_reply(call, std::move(items), kMemberFields);
}

// PUT (create or update), POST (create) and PATCH (update) all take {email, role}.
Result<Reply> team_member_put(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto email = required_string(*body, "email");
  if (!email) return fail(email.error());
  auto role = required_string(*body, "role");
  if (!role) return fail(role.error());
  auto m = s.teams.put_member(call.caller(), team_param(call), *email, *role, call.info);
  if (!m) return fail(m.error());
  return json_reply(200, member_json(*m));
}

Result<Reply> team_member_delete(Services& s, Call& call) {
  auto m = s.teams.remove_member(call.caller(), team_param(call), call.params.at(1), call.info);
  if (!m) return fail(m.error());
  return json_reply(200, member_json(*m));
}

Result<Reply> team_app_list(Services& s, Call& call) {
  auto list = s.apps.list_team(call.caller(), team_param(call), call.info);
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  for (const auto& a : *list) items.push_back(app_json(a.app, s.apps));
  return list_reply(call, std::move(items), kAppFields);
}

// POST /teams/{team}/apps: a team app, the team taken from the path.
Result<Reply> team_app_create_in(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  service::CreateApp params;
  params.team = team_param(call);
  for (auto [key, field] : {std::pair{"name", &params.name}, std::pair{"region", &params.region},
                            std::pair{"stack", &params.stack}}) {
    auto v = string_field(*body, key);
    if (!v) return fail(v.error());
    *field = std::move(*v);
  }
  auto app = s.apps.create(call.caller(), params, call.info);
  if (!app) return fail(app.error());
  return json_reply(201, app_json(*app, s.apps));
}

Result<Reply> team_permissions(Services&, Call&) {
  std::vector<std::string> all(std::begin(model::kAppPermissions), std::end(model::kAppPermissions));
  return json_reply(200, permissions_json(all));
}

// The stock CLI's `access:add` sends per-app permissions only when the team
// has the "org-access-controls" feature: every Latchkey team has it.
Result<Reply> team_features(Services& s, Call& call) {
  auto team = s.teams.get(call.caller(), team_param(call), call.info);
  if (!team) return fail(team.error());
  json::array features;
  features.push_back(json::object{{"id", "0f0c4f7e-7a4c-4c57-9f7b-8d1f3c2b6a01"},
                                  {"name", "org-access-controls"},
                                  {"display_name", "Fine-grained app permissions"},
                                  {"description", "Per-app view, deploy, operate and manage permissions."},
                                  {"enabled", true},
                                  {"state", "general"},
                                  {"doc_url", nullptr}});
  return json_reply(200, features);
}

}  // namespace latchkey::api
