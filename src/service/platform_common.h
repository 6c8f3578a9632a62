// Internal to src/service (apps.cc, teams.cc): resolving the account a request
// names, and the policy denial shared by the app and team use cases.
#pragma once

#include <string>

#include "core/result.h"
#include "model/account.h"
#include "model/app.h"
#include "service/deps.h"
#include "service/policy.h"
#include "service/principal.h"
#include "service/request_info.h"

namespace latchkey::service::detail {

// The account named by `user`: an email, an account id, or "~" (the caller).
// kNotFound("user") if there is none.
Result<model::Account> find_user(Deps& deps, const Principal& p, const std::string& user);

// Audits a denial as authz.denied and returns the kForbidden error naming
// the missing scope or permission (for kHidden too; callers answer 404 then).
Error deny(Deps& deps, const Principal& p, const std::string& subject, policy::Action action,
           const policy::Decision& d, const RequestInfo& info);

// kForbidden (audited) unless the token's scope allows `action`; for actions
// on nothing that exists yet (creating an app or a team, listing).
Status require_scope(Deps& deps, const Principal& p, const std::string& subject,
                     policy::Action action, const RequestInfo& info);

// A team the caller may act on, with its role, after the policy allowed
// `action`: kNotFound("team") when missing or when the caller is no member.
struct TeamGate {
  model::Team team;
  std::string role;
};
Result<TeamGate> team_gate(Deps& deps, const Principal& p, const std::string& team,
                           policy::Action action, const RequestInfo& info);

// The caller's role in a team ("" if not a member).
Result<std::string> team_role(Deps& deps, const std::string& team_id, const std::string& account_id);

}  // namespace latchkey::service::detail
