// Platform resources guarded by Latchkey (Heroku Platform API shapes):
// apps, their config vars and releases, per-app collaborators, teams and team
// members. Plain data; the rules live in service/apps.h and service/policy.h.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace latchkey::model {

struct App {
  std::string id;        // uuid
  std::string name;      // ^[a-z][a-z0-9-]{1,28}[a-z0-9]$, unique
  std::string owner_id;  // the account that owns it (a team app: its creator)
  std::string team_id;   // empty for a personal app
  std::string team_name;  // filled on reads when team_id is set
  std::string owner_email;  // filled on reads
  std::string region = "us";
  std::string stack = "heroku-24";
  bool maintenance = false;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  UnixTime released_at = 0;  // 0 = never released
};

// App permissions (Heroku team app permissions), in this order.
inline constexpr const char* kAppPermissions[] = {"view", "deploy", "operate", "manage"};

// An account given access to an app it does not own.
struct Collaborator {
  std::string id;          // uuid
  std::string app_id;
  std::string account_id;
  std::string email;       // filled on reads
  std::vector<std::string> permissions;  // subset of kAppPermissions, "view" always present
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

struct Release {
  std::string id;          // uuid
  std::string app_id;
  int version = 0;         // 1, 2, ... per app, assigned by the store
  std::string description;  // "Initial release", "Set FOO config vars", "Deploy 1a2b3c4"
  std::string account_id;  // who made it
  std::string email;       // filled on reads
  std::string status = "succeeded";
  UnixTime created_at = 0;
};

struct Team {
  std::string id;    // uuid
  std::string name;  // same pattern as app names, unique among teams
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::string role;  // the reading account's role, filled by TeamStore::list_for
};

// Team roles, most powerful first.
inline constexpr const char* kTeamRoles[] = {"admin", "member", "viewer"};

struct TeamMember {
  std::string team_id;
  std::string account_id;
  std::string email;  // filled on reads
  std::string name;   // filled on reads
  bool two_factor = false;  // filled on reads
  std::string role;   // admin | member | viewer
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

}  // namespace latchkey::model
