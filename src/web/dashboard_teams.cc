// Dashboard: one team (part of the Apps section, routed by dashboard_apps.cc):
//  /dashboard/teams/<team>                            members (email, role, two-factor) and the
//                                                     team's apps the account sees
//  /dashboard/teams/<team>/members                    POST: add a member (admins)
//  /dashboard/teams/<team>/members/<id>/role          POST: change a member's role (admins)
//  /dashboard/teams/<team>/members/<id>/remove        GET: confirm, POST: remove (admins) or
//                                                     leave (the member itself)
// service::TeamService decides: a team the account is not in is the 404
// page, a non-admin's change the 403 page, the last admin cannot go.
#include <algorithm>

#include "web/dashboard_apps.h"
#include "web/dashboard_pages.h"

namespace latchkey::web::apps_pages {
namespace {

std::string team_url(std::string_view name) { return std::string(kTeamsUrl) + "/" + std::string(name); }

struct MemberForm {
  std::string email, role = "member";
};

// The team and its members as the account sees them.
struct TeamView {
  model::Team team;  // role: the account's
  std::vector<model::TeamMember> members;
};

Result<TeamView> load_team(PageContext& ctx, const std::string& team) {
  const auto p = ctx.principal();
  auto t = ctx.s.teams.get(p, team, ctx.info);
  if (!t) return fail(t.error());
  auto members = ctx.s.teams.members(p, t->name, ctx.info);
  if (!members) return fail(members.error());
  return TeamView{std::move(*t), std::move(*members)};
}

void add_role_options(ctemplate::TemplateDictionary& parent, const char* name, std::string_view selected) {
  for (const char* role : model::kTeamRoles) {
    auto* option = parent.AddSectionDictionary(name);
    option->SetValue("OPTION_ROLE", role);
    if (role == selected) option->ShowSection("SELECTED");
  }
}

void add_member_row(PageContext& ctx, ctemplate::TemplateDictionary& d, const TeamView& v,
                    const model::TeamMember& m) {
  const bool admin = v.team.role == "admin";
  const bool you = m.account_id == ctx.signed_in_session().account.id;
  auto* row = d.AddSectionDictionary("MEMBER");
  row->SetValue("ID", m.account_id);
  row->SetValue("EMAIL", m.email);
  if (you) row->ShowSection("YOU");
  if (!m.name.empty()) row->AddSectionDictionary("HAS_NAME")->SetValue("MEMBER_NAME", m.name);
  row->SetValue("ROLE_TEXT", m.role);
  row->SetValue("TWO_FACTOR", m.two_factor ? "On" : "Off");
  const std::string base = team_url(v.team.name) + "/members/" + m.account_id;
  if (admin) {
    auto* form = row->AddSectionDictionary("ROLE_FORM");
    form->SetValue("ROLE_ACTION", base + "/role");
    form->SetValue("ROLE_CSRF", ctx.csrf_token(binding("team-role", v.team.id, m.account_id)));
    add_role_options(*form, "ROLE_OPTION", m.role);
  } else {
    row->ShowSection("READ_ONLY");
  }
  if (admin || you) {
    auto* remove = row->AddSectionDictionary("REMOVE");
    remove->SetValue("REMOVE_URL", base + "/remove");
    remove->SetValue("REMOVE_LABEL", you ? "Leave team" : "Remove");
  }
}

void add_team_apps(ctemplate::TemplateDictionary& d, const std::vector<service::AppAccess>& apps) {
  if (apps.empty()) {
    d.ShowSection("NO_APPS");
    return;
  }
  auto* table = d.AddSectionDictionary("HAS_APPS");
  for (const auto& a : apps) {
    auto* row = table->AddSectionDictionary("TEAM_APP");
    row->SetValue("APP_NAME", a.app.name);
    row->SetValue("APP_URL", std::string(kAppsUrl) + "/" + a.app.name);
    row->SetValue("PERMISSIONS", join(a.permissions));
  }
}

http::Response render_team(PageContext& ctx, const std::string& team, int status, const MemberForm& form) {
  auto v = load_team(ctx, team);
  if (!v) return ctx.service_error(v.error());
  auto apps = ctx.s.apps.list_team(ctx.principal(), v->team.name, ctx.info);
  if (!apps) return ctx.service_error(apps.error());
  ctemplate::TemplateDictionary d("dashboard_team");
  d.SetValue("NAME", v->team.name);
  d.SetValue("ROLE", v->team.role);
  for (const auto& m : v->members) add_member_row(ctx, d, *v, m);
  if (v->team.role == "admin") {
    auto* add = d.AddSectionDictionary("ADMIN");
    add->SetValue("ADD_ACTION", team_url(v->team.name) + "/members");
    add->SetValue("ADD_CSRF", ctx.csrf_token(binding("team-add", v->team.id)));
    add->SetValue("ADD_EMAIL", form.email);
    add_role_options(*add, "ADD_ROLE", form.role);
  }
  add_team_apps(d, *apps);
  return ctx.dashboard_page(status, kSection, "dashboard_team", d, v->team.name);
}

// A refused change shown on the team page: 409 for a conflict (the last
// admin), 422 for bad input.
http::Response team_rejected(PageContext& ctx, const std::string& team, const Error& e, const MemberForm& form = {}) {
  show_error(ctx, e.message);
  return render_team(ctx, team, e.code == ErrorCode::kConflict ? 409 : 422, form);
}

const model::TeamMember* find_member(const TeamView& v, const std::string& account_id) {
  auto m = std::find_if(v.members.begin(), v.members.end(),
                        [&](const model::TeamMember& x) { return x.account_id == account_id; });
  return m == v.members.end() ? nullptr : &*m;
}

http::Response member_not_found(PageContext& ctx) {
  return ctx.error_page(404, "Not found", "Couldn't find that team member.");
}

}  // namespace

http::Response team_page(PageContext& ctx, const Target& t) { return render_team(ctx, t.object, 200, {}); }

http::Response add_member(PageContext& ctx, const Target& t) {
  auto v = load_team(ctx, t.object);
  if (!v) return ctx.service_error(v.error());
  if (!ctx.csrf_ok(binding("team-add", v->team.id))) return csrf_refused(ctx);
  const MemberForm form{form_text(ctx, "email"), form_text(ctx, "role")};
  const std::string& name = v->team.name;
  if (form.email.empty()) return team_rejected(ctx, name, invalid_params("Enter the email of the account to add."), form);
  const bool member = std::any_of(v->members.begin(), v->members.end(), [&](const model::TeamMember& m) {
    return service::AccountService::normalize_email(form.email) == m.email;
  });
  if (member)
    return team_rejected(ctx, name, Error(ErrorCode::kConflict, form.email + " is already a member: change the role in the list."), form);
  auto added = ctx.s.teams.put_member(ctx.principal(), name, form.email, form.role, ctx.info);
  if (!added) {
    const Error& e = added.error();
    if (e.code == ErrorCode::kNotFound && e.resource == "user")
      return team_rejected(ctx, name, invalid_params("There is no account with the email " + form.email + "."), form);
    if (e.code != ErrorCode::kInvalidParams && e.code != ErrorCode::kConflict) return ctx.service_error(e);
    return team_rejected(ctx, name, e, form);
  }
  return ctx.redirect_with(team_url(name), {Flash::Kind::kNotice, "Added " + added->email + " as " + added->role + "."});
}

http::Response change_role(PageContext& ctx, const Target& t) {
  auto v = load_team(ctx, t.object);
  if (!v) return ctx.service_error(v.error());
  if (!ctx.csrf_ok(binding("team-role", v->team.id, t.id))) return csrf_refused(ctx);
  const auto* m = find_member(*v, t.id);
  if (!m) return member_not_found(ctx);
  const std::string& name = v->team.name;
  auto changed = ctx.s.teams.put_member(ctx.principal(), name, m->email, form_text(ctx, "role"), ctx.info);
  if (!changed) {
    const Error& e = changed.error();
    if (e.code != ErrorCode::kInvalidParams && e.code != ErrorCode::kConflict) return ctx.service_error(e);
    return team_rejected(ctx, name, e);
  }
  return ctx.redirect_with(team_url(name),
                           {Flash::Kind::kNotice, changed->email + " is now " + changed->role + "."});
}

http::Response confirm_remove_member(PageContext& ctx, const Target& t) {
  auto v = load_team(ctx, t.object);
  if (!v) return ctx.service_error(v.error());
  const auto* m = find_member(*v, t.id);
  if (!m) return member_not_found(ctx);
  const std::string& name = v->team.name;
  const bool you = m->account_id == ctx.signed_in_session().account.id;
  if (!you && v->team.role != "admin")
    return ctx.error_page(403, "Not allowed", "Only team admins can remove members.");
  const std::vector<std::pair<std::string, std::string>> details{{"Team", name}, {"Member", m->email}, {"Role", m->role}};
  // Leaving a team also ends the member's collaborations on the team's apps (store/store.h).
  const Confirm c = you ? Confirm{"Leave team?", "You lose access to " + name + " and its apps at once.",
                                  "Leave team", team_url(name), details}
                        : Confirm{"Remove member?", m->email + " loses access to " + name + " and its apps at once.",
                                  "Remove", team_url(name), details};
  return confirm_page(ctx, c, binding("team-remove", v->team.id, t.id), kSection);
}

http::Response remove_member(PageContext& ctx, const Target& t) {
  auto v = load_team(ctx, t.object);
  if (!v) return ctx.service_error(v.error());
  if (!ctx.csrf_ok(binding("team-remove", v->team.id, t.id))) return csrf_refused(ctx);
  const auto* m = find_member(*v, t.id);
  if (!m) return member_not_found(ctx);
  const std::string name = v->team.name;
  auto removed = ctx.s.teams.remove_member(ctx.principal(), name, m->email, ctx.info);
  if (!removed) {
    if (removed.error().code != ErrorCode::kConflict) return ctx.service_error(removed.error());
    return team_rejected(ctx, name, removed.error());
  }
  if (removed->account_id == ctx.signed_in_session().account.id)
    return ctx.redirect_with(std::string(kAppsUrl), {Flash::Kind::kNotice, "You left " + name + "."});
  return ctx.redirect_with(team_url(name), {Flash::Kind::kNotice, "Removed " + removed->email + " from " + name + "."});
}

}  // namespace latchkey::web::apps_pages
