// AppService: apps, config vars, releases and collaborators behind the policy
// of service/policy.h.
#include "service/apps.h"

#include <algorithm>

#include "core/json_text.h"
#include "service/accounts.h"
#include "service/app_names.h"
#include "service/audit.h"
#include "service/platform_common.h"

namespace latchkey::service {
namespace {

constexpr int kNameAttempts = 5;
constexpr std::size_t kMaxConfigValue = std::size_t{32} * 1024;
constexpr std::string_view kRegions[] = {"us", "eu"};
constexpr std::string_view kStacks[] = {"heroku-24", "heroku-22", "container"};

Error app_not_found() { return not_found("app", "Couldn't find that app."); }

bool one_of(std::string_view v, std::span<const std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

std::string app_detail(const model::App& app) {
  return "{\"app_id\":" + json_quote(app.id) + ",\"app\":" + json_quote(app.name) + "}";
}

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// "Set A, B config vars", "Remove C config vars", or both joined by "; ".
std::string config_release_description(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& changes) {
  std::vector<std::string> set, removed;
  for (const auto& [k, v] : changes) (v ? set : removed).push_back(k);
  std::string out;
  if (!set.empty()) out = "Set " + join(set, ", ") + " config vars";
  if (!removed.empty()) out += (out.empty() ? "" : "; ") + std::string("Remove ") + join(removed, ", ") + " config vars";
  return out;
}

std::string json_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) out += (out.size() > 1 ? "," : "") + json_quote(s);
  return out + "]";
}

// Checks and orders permission names; "view" is always added.
Result<std::vector<std::string>> normalize_permissions(const std::vector<std::string>& given) {
  for (const auto& p : given)
    if (std::find(std::begin(model::kAppPermissions), std::end(model::kAppPermissions), p) ==
        std::end(model::kAppPermissions))
      return fail(invalid_params("Unknown permission '" + p +
                                 "'. Permissions are view, deploy, operate and manage."));
  std::vector<std::string> out;
  for (const char* p : model::kAppPermissions)
    if (std::string_view(p) == "view" || std::find(given.begin(), given.end(), p) != given.end())
      out.emplace_back(p);
  return out;
}

}  // namespace

Result<AppAccess> AppService::resolve(const Principal& p, const model::App& app) {
  AppAccess access{app, {}, {}};
  auto& role = access.role;
  if (!app.team_id.empty()) {
    auto team_role = detail::team_role(deps_, app.team_id, p.account.id);
    if (!team_role) return fail(team_role.error());
    role.team_role = std::move(*team_role);
  }
  // The owner of a personal app; the creator of a team app while still in the team.
  role.owner = app.owner_id == p.account.id && (app.team_id.empty() || !role.team_role.empty());
  auto collab = deps_.store.apps().find_collaborator(app.id, p.account.id);
  if (collab) role.collaborator = collab->permissions;
  else if (collab.error().code != ErrorCode::kNotFound) return fail(collab.error());
  access.permissions = policy::effective_permissions(role);
  return access;
}

Result<std::vector<AppAccess>> AppService::visible(const Principal& p,
                                                   Result<std::vector<model::App>> apps) {
  if (!apps) return fail(apps.error());
  std::vector<AppAccess> out;
  for (const auto& app : *apps) {
    auto access = resolve(p, app);
    if (!access) return fail(access.error());
    if (!access->permissions.empty()) out.push_back(std::move(*access));
  }
  return out;
}

Result<AppAccess> AppService::authorize(const Principal& p, const std::string& app,
                                        policy::Action action, const RequestInfo& info) {
  auto found = deps_.store.apps().find(app);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return fail(app_not_found());
    return fail(found.error());
  }
  auto access = resolve(p, *found);
  if (!access) return fail(access.error());
  const auto d = policy::decide_app(p.authorization.scope, action, access->role);
  if (d.kind == policy::Decision::kAllow) return access;
  auto denied = detail::deny(deps_, p, found->name, action, d, info);
  if (d.kind != policy::Decision::kHidden) return fail(std::move(denied));
  return fail(app_not_found());
}

Result<model::App> AppService::create(const Principal& p, const CreateApp& params,
                                      const RequestInfo& info) {
  // A team app: the team gate (hidden, scope, role); a personal app: the scope.
  model::App app;
  if (params.team) {
    auto g = detail::team_gate(deps_, p, *params.team, policy::Action::kTeamAppCreate, info);
    if (!g) return fail(g.error());
    app.team_id = g->team.id;
    app.team_name = g->team.name;
  } else if (auto ok = detail::require_scope(deps_, p, "apps", policy::Action::kAppCreate, info); !ok) {
    return fail(ok.error());
  }
  if (params.name && !valid_app_name(*params.name))
    return fail(invalid_params(
        "Name must start with a letter, end with a letter or digit and can only contain "
        "lowercase letters, digits, and dashes (3 to 30 characters)."));
  if (params.region && !one_of(*params.region, kRegions))
    return fail(invalid_params("Region '" + *params.region + "' is not available. Regions: us, eu."));
  if (params.stack && !one_of(*params.stack, kStacks))
    return fail(invalid_params("Stack '" + *params.stack +
                               "' is not available. Stacks: heroku-24, heroku-22, container."));
  app.owner_id = p.account.id;
  app.owner_email = p.account.email;
  if (params.region) app.region = *params.region;
  if (params.stack) app.stack = *params.stack;
  app.created_at = app.updated_at = app.released_at = deps_.clock.now();
  for (int attempt = 0;; ++attempt) {
    app.id = new_uuid(deps_.random);
    app.name = params.name ? *params.name : generate_app_name(deps_.random);
    model::Release first{new_uuid(deps_.random), app.id, 1, "Initial release", p.account.id,
                         p.account.email, "succeeded", app.created_at};
    auto st = deps_.store.apps().create(
        app, first, about_app(audit_event(deps_, p.account.id, "app.created", info, app_detail(app)), app));
    if (st) return app;
    if (st.error().code != ErrorCode::kConflict) return fail(st.error());
    if (params.name) return fail(ErrorCode::kConflict, "Name " + app.name + " is already taken.");
    if (attempt + 1 >= kNameAttempts) return fail(st.error());
  }
}

Result<std::vector<AppAccess>> AppService::list(const Principal& p, const RequestInfo& info) {
  if (auto ok = detail::require_scope(deps_, p, "apps", policy::Action::kAppRead, info); !ok)
    return fail(ok.error());
  return visible(p, deps_.store.apps().list_for(p.account.id));
}

Result<std::vector<AppAccess>> AppService::list_team(const Principal& p, const std::string& team,
                                                     const RequestInfo& info) {
  auto g = detail::team_gate(deps_, p, team, policy::Action::kTeamRead, info);
  if (!g) return fail(g.error());
  return visible(p, deps_.store.apps().list_team(g->team.id));
}

Result<AppAccess> AppService::get(const Principal& p, const std::string& app,
                                  const RequestInfo& info) {
  return authorize(p, app, policy::Action::kAppRead, info);
}

Result<model::App> AppService::update(const Principal& p, const std::string& app,
                                      const UpdateApp& change, const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kAppUpdate, info);
  if (!access) return fail(access.error());
  model::App next = access->app;
  if (change.name) {
    if (!valid_app_name(*change.name))
      return fail(invalid_params(
          "Name must start with a letter, end with a letter or digit and can only contain "
          "lowercase letters, digits, and dashes (3 to 30 characters)."));
    next.name = *change.name;
  }
  if (change.maintenance) next.maintenance = *change.maintenance;
  next.updated_at = deps_.clock.now();
  auto st = deps_.store.apps().update(
      next, about_app(audit_event(deps_, p.account.id, "app.updated", info,
                                  "{\"app_id\":" + json_quote(next.id) + ",\"from\":" +
                                      json_quote(access->app.name) + ",\"app\":" +
                                      json_quote(next.name) + "}"),
                      next));
  if (!st) {
    if (st.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict, "Name " + next.name + " is already taken.");
    return fail(st.error());
  }
  return next;
}

Result<model::App> AppService::destroy(const Principal& p, const std::string& app,
                                       const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kAppDelete, info);
  if (!access) return fail(access.error());
  auto removed = deps_.store.apps().remove(
      access->app.id, about_app(audit_event(deps_, p.account.id, "app.destroyed", info, app_detail(access->app)), access->app));
  if (!removed) return fail(removed.error());
  if (repos_) repos_->remove(removed->id);
  return removed;
}

Result<model::App> AppService::restart(const Principal& p, const std::string& app,
                                       const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kAppOperate, info);
  if (!access) return fail(access.error());
  auto st = deps_.store.audit().append(
      about_app(audit_event(deps_, p.account.id, "app.restarted", info, app_detail(access->app)), access->app));
  if (!st) return fail(st.error());
  return std::move(access->app);
}

Result<std::map<std::string, std::string>> AppService::config_vars(const Principal& p,
                                                                   const std::string& app,
                                                                   const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kConfigRead, info);
  if (!access) return fail(access.error());
  return deps_.store.apps().config_vars(access->app.id);
}

Result<std::map<std::string, std::string>> AppService::change_config_vars(
    const Principal& p, const std::string& app,
    const std::vector<std::pair<std::string, std::optional<std::string>>>& changes,
    const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kConfigWrite, info);
  if (!access) return fail(access.error());
  std::vector<std::string> keys;
  for (const auto& [k, v] : changes) {
    if (!valid_config_key(k))
      return fail(invalid_params("Config var keys may contain only letters, digits and underscores "
                                 "(at most 256): '" + k + "' is not allowed."));
    if (v && v->size() > kMaxConfigValue)
      return fail(invalid_params("The value of " + k + " is longer than 32 KiB."));
    keys.push_back(k);
  }
  if (changes.empty()) return deps_.store.apps().config_vars(access->app.id);
  model::Release release{new_uuid(deps_.random), access->app.id, 0,
                         config_release_description(changes), p.account.id, p.account.email,
                         "succeeded", deps_.clock.now()};
  // Keys only: values may be secrets and never reach the audit trail.
  auto changed = deps_.store.apps().change_config_vars(
      access->app.id, changes, release,
      about_app(audit_event(deps_, p.account.id, "config_vars.changed", info,
                            "{\"app_id\":" + json_quote(access->app.id) + ",\"app\":" +
                                json_quote(access->app.name) + ",\"keys\":" + json_list(keys) + "}"),
                access->app));
  if (!changed) return fail(changed.error());
  return std::move(changed->vars);
}

Result<AppItems<model::Release>> AppService::releases(const Principal& p, const std::string& app,
                                                      const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kReleaseRead, info);
  if (!access) return fail(access.error());
  auto list = deps_.store.apps().releases(access->app.id);
  if (!list) return fail(list.error());
  return AppItems<model::Release>{std::move(access->app), std::move(*list)};
}

Result<model::Release> AppService::record_deploy(const Principal& p, const model::App& app,
                                                 const std::string& sha, const RequestInfo& info) {
  model::Release release{new_uuid(deps_.random), app.id, 0, "Deploy " + sha.substr(0, 7),
                         p.account.id, p.account.email, "succeeded", deps_.clock.now()};
  return deps_.store.apps().add_release(
      release, about_app(audit_event(deps_, p.account.id, "git.push", info,
                                     "{\"app_id\":" + json_quote(app.id) + ",\"app\":" +
                                         json_quote(app.name) + ",\"sha\":" + json_quote(sha) +
                                         ",\"authorization_id\":" + json_quote(p.authorization.id) + "}"),
                         app));
}

Result<AppItems<model::Collaborator>> AppService::collaborators(const Principal& p,
                                                                const std::string& app,
                                                                const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kCollaboratorRead, info);
  if (!access) return fail(access.error());
  auto list = deps_.store.apps().collaborators(access->app.id);
  if (!list) return fail(list.error());
  return AppItems<model::Collaborator>{std::move(access->app), std::move(*list)};
}

Result<AppCollaborator> AppService::add_collaborator(
    const Principal& p, const std::string& app, const std::string& user,
    const std::optional<std::vector<std::string>>& permissions, const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kCollaboratorWrite, info);
  if (!access) return fail(access.error());
  auto account = detail::find_user(deps_, p, user);
  if (!account) return fail(account.error());
  if (account->id == access->app.owner_id && access->app.team_id.empty())
    return fail(invalid_params(account->email + " owns " + access->app.name +
                               " and cannot also be a collaborator."));
  const bool team_app = !access->app.team_id.empty();
  auto perms = normalize_permissions(
      permissions ? *permissions
                  : (team_app ? std::vector<std::string>{"view"}
                              : std::vector<std::string>{"view", "deploy", "operate"}));
  if (!perms) return fail(perms.error());
  model::Collaborator c{new_uuid(deps_.random), access->app.id, account->id, account->email,
                        std::move(*perms), deps_.clock.now(), deps_.clock.now()};
  auto st = deps_.store.apps().add_collaborator(
      c, about_app(audit_event(deps_, account->id, "collaborator.added", info,
                               "{\"app\":" + json_quote(access->app.name) + ",\"user\":" +
                                   json_quote(account->email) + ",\"permissions\":" +
                                   json_list(c.permissions) + "}"),
                   access->app));
  if (!st) {
    if (st.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict,
                  account->email + " is already a collaborator on " + access->app.name + ".");
    return fail(st.error());
  }
  return AppCollaborator{std::move(access->app), std::move(c)};
}

Result<AppCollaborator> AppService::update_collaborator(
    const Principal& p, const std::string& app, const std::string& user,
    const std::vector<std::string>& permissions, const RequestInfo& info) {
  auto access = authorize(p, app, policy::Action::kCollaboratorWrite, info);
  if (!access) return fail(access.error());
  auto account = detail::find_user(deps_, p, user);
  if (!account) return fail(account.error());
  auto c = deps_.store.apps().find_collaborator(access->app.id, account->id);
  if (!c) return fail(c.error());
  auto perms = normalize_permissions(permissions);
  if (!perms) return fail(perms.error());
  c->permissions = std::move(*perms);
  c->updated_at = deps_.clock.now();
  auto st = deps_.store.apps().update_collaborator(
      *c, about_app(audit_event(deps_, account->id, "collaborator.updated", info,
                                "{\"app\":" + json_quote(access->app.name) + ",\"user\":" +
                                    json_quote(account->email) + ",\"permissions\":" +
                                    json_list(c->permissions) + "}"),
                    access->app));
  if (!st) return fail(st.error());
  return AppCollaborator{std::move(access->app), std::move(*c)};
}

Result<AppCollaborator> AppService::remove_collaborator(const Principal& p,
                                                            const std::string& app,
                                                            const std::string& user,
                                                            const RequestInfo& info) {
  auto account = detail::find_user(deps_, p, user);
  // Leaving an app needs only to see it; removing someone else needs manage.
  const bool self = account && account->id == p.account.id;
  auto access = authorize(p, app,
                          self ? policy::Action::kAppRead : policy::Action::kCollaboratorWrite, info);
  if (!access) return fail(access.error());
  if (!account) return fail(account.error());
  auto removed = deps_.store.apps().remove_collaborator(
      access->app.id, account->id,
      about_app(audit_event(deps_, account->id, "collaborator.removed", info,
                            "{\"app\":" + json_quote(access->app.name) + ",\"user\":" +
                                json_quote(account->email) + "}"),
                access->app));
  if (!removed) return fail(removed.error());
  return AppCollaborator{std::move(access->app), std::move(*removed)};
}

std::string AppService::git_url(const model::App& app) const {
  return "https://" + settings_.git_host + "/" + app.name + ".git";
}

std::string AppService::web_url(const model::App& app) const {
  return "https://" + app.name + "." + settings_.web_domain + "/";
}

}  // namespace latchkey::service
