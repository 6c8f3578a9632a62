// Dashboard: Apps — apps, their collaborators, and teams (issue 5):
//  /dashboard/apps                                        your apps and teams; create an app
//  /dashboard/apps/<app>                                  one app: URLs, releases, collaborators,
//                                                         config var names (never values)
//  /dashboard/apps/<app>/collaborators                    POST: add a collaborator (manage)
//  /dashboard/apps/<app>/collaborators/<id>/permissions   POST: change permissions (manage)
//  /dashboard/apps/<app>/collaborators/<id>/remove        GET: confirm, POST: remove (manage)
//  /dashboard/teams/<team>...                             dashboard_teams.cc
// Every call goes through service::AppService / TeamService with the
// browser's principal, so the pages show and allow exactly what the API
// would: an app the account may not see is the 404 page, a missing
// permission the 403 page with the service's message. Forms the account may
// not use are not shown; a POST anyway is still the service's to refuse.
#include "web/dashboard_apps.h"

#include <algorithm>
#include <array>

#include "web/dashboard_pages.h"

namespace latchkey::web {
namespace apps_pages {

std::string binding(std::string_view action, std::string_view object, std::string_view id) {
  std::string out = "dash|" + std::string(action);
  if (!object.empty()) out += "|" + std::string(object);
  if (!id.empty()) out += "|" + std::string(id);
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}


namespace {

constexpr std::size_t kReleasesShown = 10;

constexpr std::pair<std::string_view, std::string_view> kPermissionHints[] = {
    {"view", "See the app, its releases and collaborators; fetch its code. Always included."},
    {"deploy", "Push code and read and change config vars."},
    {"operate", "Restart and scale."},
    {"manage", "Everything: rename, delete, and manage collaborators."}};

bool has(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string app_url(std::string_view name) { return std::string(kAppsUrl) + "/" + std::string(name); }

// The checked permissions of a form ("permission" fields), "view" always.
std::vector<std::string> posted_permissions(const PageContext& ctx) {
  std::vector<std::string> perms{"view"};
  for (const auto& [name, value] : ctx.form.pairs())
    if (name == "permission" && !has(perms, value)) perms.push_back(value);
  return perms;
}

// A service error that is about the input (a bad name, an unknown account, a
// taken name): shown on the form's page; any other is the error page.
bool input_error(const Error& e, std::string_view not_found_resource) {
  return e.code == ErrorCode::kInvalidParams || e.code == ErrorCode::kConflict ||
         (e.code == ErrorCode::kNotFound && e.resource == not_found_resource);
}

// --- /dashboard/apps ----------------------------------------------------------------

struct CreateForm {
  std::string name, team;
};

void add_app_rows(ctemplate::TemplateDictionary& d, const std::vector<service::AppAccess>& apps) {
  if (apps.empty()) {
    d.ShowSection("NO_APPS");
    return;
  }
  auto* table = d.AddSectionDictionary("HAS_APPS");
  for (const auto& a : apps) {
    auto* row = table->AddSectionDictionary("APP");
    row->SetValue("NAME", a.app.name);
    row->SetValue("URL", app_url(a.app.name));
    row->SetValue("OWNER", a.app.team_id.empty() ? "Personal" : a.app.team_name);
    row->SetValue("PERMISSIONS", join(a.permissions));
    row->SetValue("CREATED", display_time(a.app.created_at));
  }
}

void add_team_rows(ctemplate::TemplateDictionary& d, const std::vector<model::Team>& teams,
                   const CreateForm& form) {
  if (teams.empty()) d.ShowSection("NO_TEAMS");
  else {
    auto* table = d.AddSectionDictionary("HAS_TEAMS");
    for (const auto& t : teams) {
      auto* row = table->AddSectionDictionary("TEAM");
      row->SetValue("TEAM_NAME", t.name);
      row->SetValue("TEAM_URL", std::string(kTeamsUrl) + "/" + t.name);
      row->SetValue("ROLE", t.role);
    }
  }
  // Viewers may not create team apps: only admins' and members' teams are offered.
  ctemplate::TemplateDictionary* choice = nullptr;
  for (const auto& t : teams) {
    if (t.role != "admin" && t.role != "member") continue;
    if (!choice) choice = d.AddSectionDictionary("TEAM_CHOICE");
    auto* option = choice->AddSectionDictionary("TEAM_OPTION");
    option->SetValue("OPTION_NAME", t.name);
    if (t.name == form.team) option->ShowSection("SELECTED");
  }
}

http::Response apps_page(PageContext& ctx, int status, const CreateForm& form) {
  const auto p = ctx.principal();
  auto apps = ctx.s.apps.list(p, ctx.info);
  if (!apps) return ctx.service_error(apps.error());
  auto teams = ctx.s.teams.list(p, ctx.info);
  if (!teams) return ctx.service_error(teams.error());
  ctemplate::TemplateDictionary d("dashboard_apps");
  add_app_rows(d, *apps);
  add_team_rows(d, *teams, form);
  d.SetValue("CREATE_CSRF", ctx.csrf_token(binding("app-create")));
  d.SetValue("APP_NAME", form.name);
  return ctx.dashboard_page(status, kSection, "dashboard_apps", d, "Apps");
}

http::Response apps_list(PageContext& ctx, const Target&) { return apps_page(ctx, 200, {}); }

http::Response create_app(PageContext& ctx, const Target&) {
  if (!ctx.csrf_ok(binding("app-create"))) return csrf_refused(ctx);
  const CreateForm form{form_text(ctx, "name"), form_text(ctx, "team")};
  service::CreateApp params;
  if (!form.name.empty()) params.name = form.name;
  if (!form.team.empty()) params.team = form.team;
  auto app = ctx.s.apps.create(ctx.principal(), params, ctx.info);
  if (!app) {
    if (!input_error(app.error(), "team")) return ctx.service_error(app.error());
    show_error(ctx, app.error().message);
    return apps_page(ctx, app.error().code == ErrorCode::kConflict ? 409 : 422, form);
  }
  return ctx.redirect_with(app_url(app->name), {Flash::Kind::kNotice, "App " + app->name + " created."});
}

// --- /dashboard/apps/<app> -------------------------------------------------------------

// What the app page shows besides the app itself.
struct AppView {
  service::AppAccess access;
  std::vector<model::Release> releases;
  std::vector<model::Collaborator> collaborators;
  std::optional<std::map<std::string, std::string>> config;  // with deploy only
};

Result<AppView> load_app(PageContext& ctx, const std::string& app) {
  const auto p = ctx.principal();
  auto access = ctx.s.apps.get(p, app, ctx.info);
  if (!access) return fail(access.error());
  AppView v{std::move(*access), {}, {}, std::nullopt};
  const std::string& name = v.access.app.name;
  auto releases = ctx.s.apps.releases(p, name, ctx.info);
  if (!releases) return fail(releases.error());
  v.releases = std::move(releases->items);
  auto collaborators = ctx.s.apps.collaborators(p, name, ctx.info);
  if (!collaborators) return fail(collaborators.error());
  v.collaborators = std::move(collaborators->items);
  // Asked only when allowed, so that a page view is never an authz.denied.
  if (has(v.access.permissions, "deploy")) {
    auto config = ctx.s.apps.config_vars(p, name, ctx.info);
    if (!config) return fail(config.error());
    v.config = std::move(*config);
  }
  return v;
}

void add_details(const PageContext& ctx, ctemplate::TemplateDictionary& d, const service::AppAccess& a) {
  d.SetValue("NAME", a.app.name);
  d.SetValue("GIT_URL", ctx.s.apps.git_url(a.app));
  d.SetValue("WEB_URL", ctx.s.apps.web_url(a.app));
  if (a.app.team_id.empty()) {
    d.AddSectionDictionary("PERSONAL")->SetValue("OWNER_EMAIL", a.app.owner_email);
  } else {
    auto* team = d.AddSectionDictionary("TEAM_APP");
    team->SetValue("TEAM_NAME", a.app.team_name);
    if (!a.role.team_role.empty())
      team->AddSectionDictionary("TEAM_LINK")->SetValue("TEAM_URL", std::string(kTeamsUrl) + "/" + a.app.team_name);
  }
  d.SetValue("PERMISSIONS", join(a.permissions));
  d.SetValue("REGION", a.app.region);
  d.SetValue("STACK", a.app.stack);
  d.SetValue("CREATED", display_time(a.app.created_at));
}

void add_releases(ctemplate::TemplateDictionary& d, const std::vector<model::Release>& releases) {
  if (releases.empty()) return;
  auto* table = d.AddSectionDictionary("HAS_RELEASES");
  const std::size_t shown = std::min(releases.size(), kReleasesShown);
  for (auto r = releases.rbegin(); r != releases.rbegin() + static_cast<long>(shown); ++r) {
    auto* row = table->AddSectionDictionary("RELEASE");
    row->SetIntValue("VERSION", r->version);
    row->SetValue("DESCRIPTION", r->description);
    row->SetValue("BY", r->email);
    row->SetValue("WHEN", display_time(r->created_at));
  }
}

// The permission checkboxes of a form (section `name`), `checked` ticked.
void add_permission_boxes(ctemplate::TemplateDictionary& parent, const char* name,
                          const std::vector<std::string>& checked, bool hints) {
  for (const auto& [perm, hint] : kPermissionHints) {
    auto* box = parent.AddSectionDictionary(name);
    box->SetValue("PERMISSION", std::string(perm));
    if (hints) box->SetValue("HINT", std::string(hint));
    if (perm == "view" || has(checked, perm)) box->ShowSection("CHECKED");
    if (perm == "view") box->ShowSection("FIXED");
  }
}

void add_collaborator_row(PageContext& ctx, ctemplate::TemplateDictionary& d, const service::AppAccess& a,
                          const model::Collaborator& c, bool manage) {
  auto* row = d.AddSectionDictionary("COLLABORATOR");
  row->SetValue("ID", c.account_id);
  row->SetValue("EMAIL", c.email);
  row->SetValue("PERMISSIONS", join(c.permissions));
  row->SetValue("ADDED", display_time(c.created_at));
  const std::string base = app_url(a.app.name) + "/collaborators/" + c.account_id;
  // Heroku changes permissions only on team apps; a personal app's collaborator is removed and added again.
  if (manage && !a.app.team_id.empty()) {
    auto* edit = row->AddSectionDictionary("EDIT");
    edit->SetValue("EDIT_ACTION", base + "/permissions");
    edit->SetValue("EDIT_CSRF", ctx.csrf_token(binding("collab-perms", a.app.id, c.account_id)));
    add_permission_boxes(*edit, "EDIT_PERMISSION", c.permissions, false);
  } else {
    row->ShowSection("READ_ONLY");
  }
  if (manage) row->AddSectionDictionary("REMOVE")->SetValue("REMOVE_URL", base + "/remove");
}

void add_collaborators(PageContext& ctx, ctemplate::TemplateDictionary& d, const AppView& v,
                       const std::string& add_email) {
  const auto& a = v.access;
  const bool manage = has(a.permissions, "manage");
  if (a.app.team_id.empty()) d.AddSectionDictionary("OWNER_ROW")->SetValue("OWNER_EMAIL", a.app.owner_email);
  else d.ShowSection("TEAM_NOTE");
  if (v.collaborators.empty()) d.ShowSection("NO_COLLABORATORS");
  for (const auto& c : v.collaborators) add_collaborator_row(ctx, d, a, c, manage);
  if (!manage) return;
  auto* form = d.AddSectionDictionary("MANAGE");
  form->SetValue("ADD_ACTION", app_url(a.app.name) + "/collaborators");
  form->SetValue("ADD_CSRF", ctx.csrf_token(binding("collab-add", a.app.id)));
  form->SetValue("ADD_EMAIL", add_email);
  // Heroku's defaults: a personal app's collaborator may deploy and operate; a team app's only view.
  const std::vector<std::string> defaults =
      a.app.team_id.empty() ? std::vector<std::string>{"deploy", "operate"} : std::vector<std::string>{};
  add_permission_boxes(*form, "ADD_PERMISSION", defaults, true);
}

void add_config(ctemplate::TemplateDictionary& d, const AppView& v) {
  if (!v.config) return;
  auto* config = d.AddSectionDictionary("CONFIG");
  if (v.config->empty()) config->ShowSection("NO_CONFIG");
  else {
    auto* list = config->AddSectionDictionary("HAS_CONFIG");
    for (const auto& [key, value] : *v.config) list->AddSectionDictionary("CONFIG_VAR")->SetValue("KEY", key);
  }
}

http::Response app_page(PageContext& ctx, const std::string& app, int status, const std::string& add_email = {}) {
  auto v = load_app(ctx, app);
  if (!v) return ctx.service_error(v.error());
  ctemplate::TemplateDictionary d("dashboard_app");
  add_details(ctx, d, v->access);
  add_releases(d, v->releases);
  add_collaborators(ctx, d, *v, add_email);
  add_config(d, *v);
  return ctx.dashboard_page(status, kSection, "dashboard_app", d, v->access.app.name);
}

http::Response show_app(PageContext& ctx, const Target& t) { return app_page(ctx, t.object, 200); }

// --- collaborators ----------------------------------------------------------------------

http::Response add_collaborator(PageContext& ctx, const Target& t) {
  const auto p = ctx.principal();
  auto access = ctx.s.apps.get(p, t.object, ctx.info);
  if (!access) return ctx.service_error(access.error());
  if (!ctx.csrf_ok(binding("collab-add", access->app.id))) return csrf_refused(ctx);
  const std::string email = form_text(ctx, "email");
  const std::string& name = access->app.name;
  if (email.empty()) {
    show_error(ctx, "Enter the email of the account to add.");
    return app_page(ctx, name, 422);
  }
  auto added = ctx.s.apps.add_collaborator(p, name, email, posted_permissions(ctx), ctx.info);
  if (!added) {
    if (!input_error(added.error(), "user")) return ctx.service_error(added.error());
    show_error(ctx, added.error().code == ErrorCode::kNotFound ? "There is no account with the email " + email + "."
                                                               : added.error().message);
    return app_page(ctx, name, added.error().code == ErrorCode::kConflict ? 409 : 422, email);
  }
  return ctx.redirect_with(app_url(name), {Flash::Kind::kNotice, "Added " + added->collaborator.email + " as a collaborator."});
}

http::Response change_permissions(PageContext& ctx, const Target& t) {
  const auto p = ctx.principal();
  auto access = ctx.s.apps.get(p, t.object, ctx.info);
  if (!access) return ctx.service_error(access.error());
  if (!ctx.csrf_ok(binding("collab-perms", access->app.id, t.id))) return csrf_refused(ctx);
  const std::string& name = access->app.name;
  auto changed = ctx.s.apps.update_collaborator(p, name, t.id, posted_permissions(ctx), ctx.info);
  if (!changed) {
    if (changed.error().code != ErrorCode::kInvalidParams) return ctx.service_error(changed.error());
    show_error(ctx, changed.error().message);
    return app_page(ctx, name, 422);
  }
  return ctx.redirect_with(app_url(name), {Flash::Kind::kNotice, "Permissions of " + changed->collaborator.email + " changed."});
}

// The collaborator `account_id` of the app, for the confirmation page.
Result<model::Collaborator> find_collaborator(PageContext& ctx, const std::string& app,
                                              const std::string& account_id) {
  auto list = ctx.s.apps.collaborators(ctx.principal(), app, ctx.info);
  if (!list) return fail(list.error());
  for (auto& c : list->items)
    if (c.account_id == account_id) return std::move(c);
  return fail(not_found("collaborator", "Couldn't find that collaborator."));
}

http::Response confirm_remove_collaborator(PageContext& ctx, const Target& t) {
  auto access = ctx.s.apps.get(ctx.principal(), t.object, ctx.info);
  if (!access) return ctx.service_error(access.error());
  const auto& app = access->app;
  if (!has(access->permissions, "manage"))
    return ctx.error_page(403, "Not allowed", "You need the manage permission to remove collaborators.");
  auto c = find_collaborator(ctx, app.name, t.id);
  if (!c) return ctx.service_error(c.error());
  return confirm_page(ctx,
                      {"Remove collaborator?",
                       c->email + " loses access to " + app.name + " at once: no more git push, config "
                                  "vars or releases through any of their tokens.",
                       "Remove", app_url(app.name), {{"App", app.name}, {"Collaborator", c->email},
                                                     {"Permissions", join(c->permissions)}}},
                      binding("collab-remove", app.id, t.id), kSection);
}

http::Response remove_collaborator(PageContext& ctx, const Target& t) {
  const auto p = ctx.principal();
  auto access = ctx.s.apps.get(p, t.object, ctx.info);
  if (!access) return ctx.service_error(access.error());
  if (!ctx.csrf_ok(binding("collab-remove", access->app.id, t.id))) return csrf_refused(ctx);
  const std::string& name = access->app.name;
  auto removed = ctx.s.apps.remove_collaborator(p, name, t.id, ctx.info);
  if (!removed) return ctx.service_error(removed.error());
  return ctx.redirect_with(app_url(name), {Flash::Kind::kNotice, "Removed " + removed->collaborator.email + " from " + name + "."});
}

// /dashboard/teams alone: the teams are listed with the apps.
http::Response teams_index(PageContext& ctx, const Target&) { return ctx.redirect(std::string(kAppsUrl)); }

// --- routing ----------------------------------------------------------------------------

using PageHandler = http::Response (*)(PageContext&, const Target&);

// One address shape: the section, whether it names an object, the sub-path
// and the action; a null handler means the method is not allowed.
struct Route {
  std::string_view section;
  bool object;
  std::string_view sub, action;
  PageHandler get, post;
};

constexpr Route kRoutes[] = {
    {"apps", false, "", "", apps_list, create_app},
    {"apps", true, "", "", show_app, nullptr},
    {"apps", true, "collaborators", "", nullptr, add_collaborator},
    {"apps", true, "collaborators", "permissions", nullptr, change_permissions},
    {"apps", true, "collaborators", "remove", confirm_remove_collaborator, remove_collaborator},
    {"teams", false, "", "", teams_index, nullptr},
    {"teams", true, "", "", team_page, nullptr},
    {"teams", true, "members", "", nullptr, add_member},
    {"teams", true, "members", "role", nullptr, change_role},
    {"teams", true, "members", "remove", confirm_remove_member, remove_member},
};

// Names and ids in paths: app and team names, uuids. Anything else (too long,
// "~", odd characters) is refused before it reaches a service.
bool valid_segment(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

struct Parsed {
  std::string_view section;
  Target target;
};

// "/section[/object[/sub[/id/action]]]"; nullopt for any other shape.
std::optional<Parsed> parse(std::string_view rest) {
  std::array<std::string_view, 5> parts;
  const std::size_t n = split_path(rest, parts);
  if (n == 0) return std::nullopt;
  if (n == 4) return std::nullopt;
  for (std::size_t i = 1; i < n; ++i)
    if (!valid_segment(parts[i])) return std::nullopt;
  return Parsed{parts[0], {std::string(parts[1]), std::string(parts[2]), std::string(parts[3]), std::string(parts[4])}};
}

}  // namespace
}  // namespace apps_pages

http::Response WebHandler::dashboard_apps(PageContext& ctx, std::string_view rest) {
  using namespace apps_pages;
  const auto parsed = parse(rest);
  if (!parsed) return ctx.error_page(404, "Not found", "There is no page at this address.");
  const Target& t = parsed->target;
  const auto route = std::find_if(std::begin(kRoutes), std::end(kRoutes), [&](const Route& r) {
    return r.section == parsed->section && r.object == !t.object.empty() && r.sub == t.sub && r.action == t.action;
  });
  if (route == std::end(kRoutes)) return ctx.error_page(404, "Not found", "There is no page at this address.");
  const auto& method = ctx.request.method;
  const PageHandler handler = method == "GET" || method == "HEAD" ? route->get : method == "POST" ? route->post : nullptr;
  if (!handler) return ctx.error_page(405, "Method not allowed", "This page does not accept that method.");
  return handler(ctx, t);
}

}  // namespace latchkey::web
