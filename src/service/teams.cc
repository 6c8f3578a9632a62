// TeamService: teams and their members behind the policy of service/policy.h.
#include <algorithm>

#include "core/json_text.h"
#include "service/app_names.h"
#include "service/apps.h"
#include "service/audit.h"
#include "service/platform_common.h"

namespace latchkey::service {
namespace {

bool known_role(std::string_view role) {
  return std::find(std::begin(model::kTeamRoles), std::end(model::kTeamRoles), role) !=
         std::end(model::kTeamRoles);
}

std::string member_detail(const model::Team& t, const std::string& email, const std::string& role) {
  return "{\"team\":" + json_quote(t.name) + ",\"user\":" + json_quote(email) +
         ",\"role\":" + json_quote(role) + "}";
}

// Whether the team has another admin than `account_id`.
Result<bool> other_admin(Deps& deps, const std::string& team_id, const std::string& account_id) {
  auto members = deps.store.teams().members(team_id);
  if (!members) return fail(members.error());
  return std::any_of(members->begin(), members->end(), [&](const model::TeamMember& m) {
    return m.role == "admin" && m.account_id != account_id;
  });
}

}  // namespace

Result<model::Team> TeamService::create(const Principal& p, const std::string& name,
                                        const RequestInfo& info) {
  if (auto ok = detail::require_scope(deps_, p, "teams", policy::Action::kTeamCreate, info); !ok)
    return fail(ok.error());
  if (!valid_app_name(name))
    return fail(invalid_params(
        "Team names must start with a letter, end with a letter or digit and can only contain "
        "lowercase letters, digits, and dashes (3 to 30 characters)."));
  model::Team team{new_uuid(deps_.random), name, deps_.clock.now(), deps_.clock.now(), "admin"};
  model::TeamMember creator{team.id,         p.account.id, p.account.email, p.account.name,
                            p.account.two_factor_enabled, "admin", team.created_at,
                            team.created_at};
  auto st = deps_.store.teams().create(
      team, creator,
      about_team(audit_event(deps_, p.account.id, "team.created", info,
                             "{\"team\":" + json_quote(name) + "}"),
                 team.id));
  if (!st) {
    if (st.error().code == ErrorCode::kConflict)
      return fail(ErrorCode::kConflict, "Name " + name + " is already taken.");
    return fail(st.error());
  }
  return team;
}

Result<std::vector<model::Team>> TeamService::list(const Principal& p, const RequestInfo& info) {
  if (auto ok = detail::require_scope(deps_, p, "teams", policy::Action::kTeamRead, info); !ok)
    return fail(ok.error());
  return deps_.store.teams().list_for(p.account.id);
}

Result<model::Team> TeamService::get(const Principal& p, const std::string& team,
                                     const RequestInfo& info) {
  auto g = detail::team_gate(deps_, p, team, policy::Action::kTeamRead, info);
  if (!g) return fail(g.error());
  return std::move(g->team);
}

Result<std::vector<model::TeamMember>> TeamService::members(const Principal& p,
                                                            const std::string& team,
                                                            const RequestInfo& info) {
  auto g = detail::team_gate(deps_, p, team, policy::Action::kTeamRead, info);
  if (!g) return fail(g.error());
  return deps_.store.teams().members(g->team.id);
}

Result<model::TeamMember> TeamService::put_member(const Principal& p, const std::string& team,
                                                  const std::string& email, const std::string& role,
                                                  const RequestInfo& info) {
  auto g = detail::team_gate(deps_, p, team, policy::Action::kTeamManage, info);
  if (!g) return fail(g.error());
  if (!known_role(role))
    return fail(invalid_params("Unknown role '" + role + "'. Roles are admin, member and viewer."));
  auto account = detail::find_user(deps_, p, email);
  if (!account) return fail(account.error());
  auto existing = deps_.store.teams().find_member(g->team.id, account->id);
  if (!existing && existing.error().code != ErrorCode::kNotFound) return fail(existing.error());
  if (existing && existing->role == "admin" && role != "admin") {
    auto others = other_admin(deps_, g->team.id, account->id);
    if (!others) return fail(others.error());
    if (!*others) return fail(ErrorCode::kConflict, "A team needs at least one admin.");
  }
  const UnixTime now = deps_.clock.now();
  model::TeamMember m{g->team.id, account->id, account->email, account->name,
                      account->two_factor_enabled, role, existing ? existing->created_at : now, now};
  auto st = deps_.store.teams().put_member(
      m, about_team(audit_event(deps_, account->id, "team.member_set", info,
                                member_detail(g->team, account->email, role)),
                    g->team.id));
  if (!st) return fail(st.error());
  return m;
}

Result<model::TeamMember> TeamService::remove_member(const Principal& p, const std::string& team,
                                                     const std::string& email,
                                                     const RequestInfo& info) {
  auto account = detail::find_user(deps_, p, email);
  const bool self = account && account->id == p.account.id;
  // Leaving a team needs only membership; removing someone else needs admin.
  auto g = detail::team_gate(deps_, p, team, self ? policy::Action::kTeamRead : policy::Action::kTeamManage, info);
  if (!g) return fail(g.error());
  if (!account) return fail(account.error());
  auto existing = deps_.store.teams().find_member(g->team.id, account->id);
  if (!existing) return fail(existing.error());
  if (existing->role == "admin") {
    auto others = other_admin(deps_, g->team.id, account->id);
    if (!others) return fail(others.error());
    if (!*others) return fail(ErrorCode::kConflict, "A team needs at least one admin.");
  }
  return deps_.store.teams().remove_member(
      g->team.id, account->id,
      about_team(audit_event(deps_, account->id, "team.member_removed", info,
                             member_detail(g->team, account->email, existing->role)),
                 g->team.id));
}

}  // namespace latchkey::service
