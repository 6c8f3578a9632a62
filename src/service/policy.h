// Who may do what to an app or a team: the one table (issue 6). Two gates, both
// must pass:
//  - the token's scope (what the account let this token do):
//      identity        the account only, no apps
//      read            read apps, releases, collaborators, teams; git fetch
//      write           read + change apps, collaborators, teams; git push
//      read-protected  read + config vars
//      write-protected write + read-protected + change config vars
//      global          everything
//  - the account's permission on the app (what the owner gave the account):
//      view     read the app, its releases and collaborators; git fetch
//      deploy   view + config vars (read and change) + git push
//      operate  view + restart/scale (stored; there is no runtime)
//      manage   all of the above + rename, collaborators, delete
//    The owner has every permission. On a team app: team admins every
//    permission, team viewers view, team members what their collaborator row
//    says. An account with no permission on an app does not see it at all (the
//    API answers 404 exactly as for a missing app).
// Thread safety: pure functions over constant tables.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace latchkey::service::policy {

enum class Action {
  kAppRead,            // GET app, addons, dynos, ...
  kAppCreate,          // POST /apps (no app yet: scope only)
  kAppUpdate,          // PATCH app
  kAppDelete,          // DELETE app
  kAppOperate,         // restart / scale
  kConfigRead,         // GET config-vars
  kConfigWrite,        // PATCH config-vars
  kReleaseRead,        // GET releases
  kCollaboratorRead,   // GET collaborators
  kCollaboratorWrite,  // add / change / remove collaborators
  kGitFetch,           // git clone / fetch
  kGitPush,            // git push
  kTeamRead,           // a team, its members and apps (any member)
  kTeamCreate,         // POST /teams (no team yet: scope only)
  kTeamManage,         // members and roles (team admins)
  kTeamAppCreate,      // create an app in a team (admins and members)
  kTeamEventsRead,     // the team's audit events (team admins)
};

// Every action, for table-driven tests and docs.
inline constexpr Action kAllActions[] = {
    Action::kAppRead,          Action::kAppCreate,    Action::kAppUpdate,   Action::kAppDelete,
    Action::kAppOperate,       Action::kConfigRead,   Action::kConfigWrite, Action::kReleaseRead,
    Action::kCollaboratorRead, Action::kCollaboratorWrite, Action::kGitFetch, Action::kGitPush,
    Action::kTeamRead,         Action::kTeamCreate,   Action::kTeamManage,  Action::kTeamAppCreate,
    Action::kTeamEventsRead};

std::string_view action_name(Action a);  // "app.read", ...

// The least scope that allows the action ("read", "write", "read-protected",
// "write-protected"); what a 403 names.
std::string_view scope_needed(Action a);
// Whether a token with `scopes` may do `a`.
bool scope_allows(const std::vector<std::string>& scopes, Action a);

// What an account is to one app. Built by AppService from the app, the
// account's collaborator row and its team membership.
struct AppRole {
  bool owner = false;
  std::string team_role;                 // admin | member | viewer | "" (not in the app's team)
  std::vector<std::string> collaborator;  // the collaborator row's permissions, if any
};

// The account's effective permissions on the app, in kAppPermissions order
// (empty: it may not see the app).
std::vector<std::string> effective_permissions(const AppRole& role);
// The app permission the action needs ("view", "deploy", "operate",
// "manage"); empty for team and creation actions.
std::string_view permission_needed(Action a);

// Team actions: whether a member with `team_role` ("" = not a member) may.
bool team_role_allows(std::string_view team_role, Action a);

struct Decision {
  enum Kind { kAllow, kHidden, kMissingScope, kMissingPermission } kind = kAllow;
  std::string missing;  // the scope or permission that is missing
};

// The decision for an app action: hidden (no permission at all) first, then
// the scope, then the permission.
Decision decide_app(const std::vector<std::string>& scopes, Action a, const AppRole& role);
// The decision for a team action (kHidden when not a member).
Decision decide_team(const std::vector<std::string>& scopes, Action a, std::string_view team_role);

}  // namespace latchkey::service::policy
