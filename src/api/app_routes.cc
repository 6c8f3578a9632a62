// /apps, /users/~/apps, /apps/{app}/config-vars, /releases, /collaborators and
// the team-app variants (Heroku Platform API). Authorization is the policy's,
// inside service::AppService; handlers only parse and shape.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/platform_views.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

const std::vector<std::string> kAppFields = {"id", "name"};
const std::vector<std::string> kReleaseFields = {"version", "id"};
const std::vector<std::string> kCollaboratorFields = {"id"};

const std::string& app_param(const Call& call) { return call.params.at(0); }

Result<Reply> apps_reply(Services& s, Call& call, Result<std::vector<service::AppAccess>> list) {
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  for (const auto& a : *list) items.push_back(app_json(a.app, s.apps));
  return list_reply(call, std::move(items), kAppFields);
}

Result<Reply> create_app(Services& s, Call& call, bool team_route) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  service::CreateApp params;
  for (auto [key, field] : {std::pair{"name", &params.name}, std::pair{"region", &params.region},
                            std::pair{"stack", &params.stack}, std::pair{"team", &params.team}}) {
    auto v = string_field(*body, key);
    if (!v) return fail(v.error());
    *field = std::move(*v);
  }
  if (!params.team) {
    auto org = string_field(*body, "organization");
    if (!org) return fail(org.error());
    params.team = std::move(*org);
  }
  if (team_route && !params.team)
    return fail(invalid_params("team is required to create a team app."));
  auto app = s.apps.create(call.caller(), params, call.info);
  if (!app) return fail(app.error());
  return json_reply(201, app_json(*app, s.apps));
}

// Collaborators as the stock CLI's `access` shows them: the owner of a
// personal app first (role "owner"), then the collaborators.
Result<Reply> collaborators_reply(Services& s, Call& call) {
  auto list = s.apps.collaborators(call.caller(), app_param(call), call.info);
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  if (list->app.team_id.empty()) items.push_back(owner_collaborator_json(list->app));
  for (const auto& c : list->items) items.push_back(collaborator_json(c, list->app, "collaborator"));
  return list_reply(call, std::move(items), kCollaboratorFields);
}

Result<Reply> add_collaborator(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto user = required_string(*body, "user");
  if (!user) return fail(user.error());
  auto perms = string_list_field(*body, "permissions");
  if (!perms) return fail(perms.error());
  auto c = s.apps.add_collaborator(call.caller(), app_param(call), *user, *perms, call.info);
  if (!c) return fail(c.error());
  return json_reply(201, collaborator_json(c->collaborator, c->app, "collaborator"));
}

}  // namespace

Result<Reply> app_list(Services& s, Call& call) {
  return apps_reply(s, call, s.apps.list(call.caller(), call.info));
}

Result<Reply> app_create(Services& s, Call& call) { return create_app(s, call, false); }
Result<Reply> team_app_create(Services& s, Call& call) { return create_app(s, call, true); }

Result<Reply> app_info(Services& s, Call& call) {
  auto access = s.apps.get(call.caller(), app_param(call), call.info);
  if (!access) return fail(access.error());
  return json_reply(200, app_json(access->app, s.apps));
}

Result<Reply> app_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  service::UpdateApp change;
  auto name = string_field(*body, "name");
  if (!name) return fail(name.error());
  change.name = std::move(*name);
  auto maintenance = bool_field(*body, "maintenance");
  if (!maintenance) return fail(maintenance.error());
  change.maintenance = *maintenance;
  auto app = s.apps.update(call.caller(), app_param(call), change, call.info);
  if (!app) return fail(app.error());
  return json_reply(200, app_json(*app, s.apps));
}

Result<Reply> app_delete(Services& s, Call& call) {
  auto app = s.apps.destroy(call.caller(), app_param(call), call.info);
  if (!app) return fail(app.error());
  return json_reply(200, app_json(*app, s.apps));
}

// Add-ons and dynos: Latchkey runs none, but `heroku
// apps:info` asks for them, so a caller who may read the app gets empty lists.
Result<Reply> app_empty_list(Services& s, Call& call) {
  auto access = s.apps.get(call.caller(), app_param(call), call.info);
  if (!access) return fail(access.error());
  return json_reply(200, json::array{});
}

// An app's pipeline coupling is one object on Heroku (404 when there is
// none): Latchkey has no pipelines, so a caller who may read the app gets 404.
Result<Reply> app_pipeline_coupling(Services& s, Call& call) {
  auto access = s.apps.get(call.caller(), app_param(call), call.info);
  if (!access) return fail(access.error());
  return fail(not_found("pipeline-coupling", "This app is not in a pipeline."));
}

Result<Reply> app_restart(Services& s, Call& call) {
  auto app = s.apps.restart(call.caller(), app_param(call), call.info);
  if (!app) return fail(app.error());
  return json_reply(202, json::array{});
}

Result<Reply> config_vars_info(Services& s, Call& call) {
  auto vars = s.apps.config_vars(call.caller(), app_param(call), call.info);
  if (!vars) return fail(vars.error());
  json::object out;
  for (const auto& [k, v] : *vars) out[k] = v;
  return json_reply(200, out);
}

Result<Reply> config_vars_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  std::vector<std::pair<std::string, std::optional<std::string>>> changes;
  for (const auto& [k, v] : *body) {
    if (v.is_null()) changes.emplace_back(std::string(k), std::nullopt);
    else if (v.is_string()) changes.emplace_back(std::string(k), std::string(v.get_string()));
    else return fail(invalid_params("The value of " + std::string(k) + " must be a string or null."));
  }
  auto vars = s.apps.change_config_vars(call.caller(), app_param(call), changes, call.info);
  if (!vars) return fail(vars.error());
  json::object out;
  for (const auto& [k, v] : *vars) out[k] = v;
  return json_reply(200, out);
}

Result<Reply> release_list(Services& s, Call& call) {
  auto list = s.apps.releases(call.caller(), app_param(call), call.info);
  if (!list) return fail(list.error());
  std::vector<json::object> items;
  for (const auto& r : list->items) items.push_back(release_json(r, list->app, &r == &list->items.back()));
  return list_reply(call, std::move(items), kReleaseFields);
}

Result<Reply> release_info(Services& s, Call& call) {
  auto list = s.apps.releases(call.caller(), app_param(call), call.info);
  if (!list) return fail(list.error());
  const auto& wanted = call.params.at(1);
  for (const auto& r : list->items)
    if (r.id == wanted || std::to_string(r.version) == wanted)
      return json_reply(200, release_json(r, list->app, &r == &list->items.back()));
  return fail(not_found("release", "Couldn't find that release."));
}

Result<Reply> collaborator_list(Services& s, Call& call) { return collaborators_reply(s, call); }
Result<Reply> collaborator_create(Services& s, Call& call) { return add_collaborator(s, call); }

Result<Reply> collaborator_info(Services& s, Call& call) {
  auto list = s.apps.collaborators(call.caller(), app_param(call), call.info);
  if (!list) return fail(list.error());
  const auto& wanted = call.params.at(1);
  for (const auto& c : list->items)
    if (c.email == wanted || c.account_id == wanted || c.id == wanted)
      return json_reply(200, collaborator_json(c, list->app, "collaborator"));
  return fail(not_found("collaborator", "Couldn't find that collaborator."));
}

Result<Reply> collaborator_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto perms_field = string_list_field(*body, "permissions");
  if (!perms_field) return fail(perms_field.error());
  const auto perms = std::move(*perms_field);
  if (!perms) return fail(invalid_params("permissions is required."));
  auto c = s.apps.update_collaborator(call.caller(), app_param(call), call.params.at(1), *perms,
                                      call.info);
  if (!c) return fail(c.error());
  return json_reply(200, collaborator_json(c->collaborator, c->app, "collaborator"));
}

Result<Reply> collaborator_delete(Services& s, Call& call) {
  auto c = s.apps.remove_collaborator(call.caller(), app_param(call), call.params.at(1), call.info);
  if (!c) return fail(c.error());
  return json_reply(200, collaborator_json(c->collaborator, c->app, "collaborator"));
}

}  // namespace latchkey::api
