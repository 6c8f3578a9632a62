// The permission tables of service/policy.h.
#include "service/policy.h"

#include <algorithm>
#include <array>

#include "model/app.h"

namespace latchkey::service::policy {
namespace {

// One row per action: its name, the least scope that allows it, the app
// permission it needs ("" for team and creation actions), and for team
// actions the least team role (admin > member > viewer).
struct Row {
  Action action;
  std::string_view name;
  std::string_view scope;
  std::string_view permission;
  std::string_view team_role;
};

// clang-format off
constexpr Row kTable[] = {
  // action                       name                  scope              permission team role
  {Action::kAppRead,              "app.read",           "read",            "view",    ""},
  {Action::kAppCreate,            "app.create",         "write",           "",        ""},
  {Action::kAppUpdate,            "app.update",         "write",           "manage",  ""},
  {Action::kAppDelete,            "app.delete",         "write",           "manage",  ""},
  {Action::kAppOperate,           "app.operate",        "write",           "operate", ""},
  {Action::kConfigRead,           "config.read",        "read-protected",  "deploy",  ""},
  {Action::kConfigWrite,          "config.write",       "write-protected", "deploy",  ""},
  {Action::kReleaseRead,          "release.read",       "read",            "view",    ""},
  {Action::kCollaboratorRead,     "collaborator.read",  "read",            "view",    ""},
  {Action::kCollaboratorWrite,    "collaborator.write", "write",           "manage",  ""},
  {Action::kGitFetch,             "git.fetch",          "read",            "view",    ""},
  {Action::kGitPush,              "git.push",           "write",           "deploy",  ""},
  {Action::kTeamRead,             "team.read",          "read",            "",        "viewer"},
  {Action::kTeamCreate,           "team.create",        "write",           "",        ""},
  {Action::kTeamManage,           "team.manage",        "write",           "",        "admin"},
  {Action::kTeamAppCreate,        "team.app_create",    "write",           "",        "member"},
  {Action::kTeamEventsRead,       "team.events_read",   "read",            "",        "admin"},
};
// clang-format on

const Row& row(Action a) {
  for (const auto& r : kTable)
    if (r.action == a) return r;
  return kTable[0];  // unreachable: every Action has a row (tested)
}

// Which scopes include which: a scope allows an action needing `needed` when
// it is `needed` itself or one of the broader scopes listed here.
bool scope_covers(std::string_view have, std::string_view needed) {
  if (have == "global" || have == needed) return true;
  if (needed == "read") return have == "write" || have == "read-protected" || have == "write-protected";
  if (needed == "write") return have == "write-protected";
  if (needed == "read-protected") return have == "write-protected";
  return false;
}

int team_rank(std::string_view role) {
  if (role == "admin") return 3;
  if (role == "member") return 2;
  if (role == "viewer") return 1;
  return 0;
}

bool has(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

std::string_view action_name(Action a) { return row(a).name; }
std::string_view scope_needed(Action a) { return row(a).scope; }
std::string_view permission_needed(Action a) { return row(a).permission; }

bool scope_allows(const std::vector<std::string>& scopes, Action a) {
  const auto needed = scope_needed(a);
  return std::any_of(scopes.begin(), scopes.end(),
                     [&](const std::string& s) { return scope_covers(s, needed); });
}

std::vector<std::string> effective_permissions(const AppRole& role) {
  std::vector<std::string> out;
  // The owner, team admins and "manage" have everything; any collaborator
  // row and any team viewer can at least view.
  const bool all = role.owner || role.team_role == "admin" || has(role.collaborator, "manage");
  for (const char* p : model::kAppPermissions) {
    const bool granted = all || has(role.collaborator, p) ||
                         (std::string_view(p) == "view" &&
                          (role.team_role == "viewer" || !role.collaborator.empty()));
    if (granted) out.emplace_back(p);
  }
  return out;
}

bool team_role_allows(std::string_view team_role, Action a) {
  const auto least = row(a).team_role;
  if (least.empty()) return team_rank(team_role) > 0;
  return team_rank(team_role) >= team_rank(least);
}

Decision decide_app(const std::vector<std::string>& scopes, Action a, const AppRole& role) {
  const auto perms = effective_permissions(role);
  if (perms.empty()) return {Decision::kHidden, ""};
  if (!scope_allows(scopes, a)) return {Decision::kMissingScope, std::string(scope_needed(a))};
  const auto needed = permission_needed(a);
  if (!needed.empty() && !has(perms, needed))
    return {Decision::kMissingPermission, std::string(needed)};
  return {};
}

Decision decide_team(const std::vector<std::string>& scopes, Action a, std::string_view team_role) {
  if (team_rank(team_role) == 0) return {Decision::kHidden, ""};
  if (!scope_allows(scopes, a)) return {Decision::kMissingScope, std::string(scope_needed(a))};
  if (!team_role_allows(team_role, a))
    return {Decision::kMissingPermission, std::string(row(a).team_role)};
  return {};
}

}  // namespace latchkey::service::policy
