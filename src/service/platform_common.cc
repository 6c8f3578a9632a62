// Helpers shared by AppService and TeamService (platform_common.h).
#include "service/platform_common.h"

#include "core/json_text.h"
#include "service/accounts.h"
#include "service/audit.h"

namespace latchkey::service::detail {

Result<model::Account> find_user(Deps& deps, const Principal& p, const std::string& user) {
  if (user == "~") return p.account;
  auto found = user.find('@') != std::string::npos
                   ? deps.store.accounts().find_by_email(AccountService::normalize_email(user))
                   : deps.store.accounts().find_by_id(user);
  if (!found && found.error().code == ErrorCode::kNotFound)
    return fail(not_found("user", "Couldn't find that user."));
  return found;
}

Error deny(Deps& deps, const Principal& p, const std::string& subject, policy::Action action,
                        const policy::Decision& d, const RequestInfo& info) {
  const char* reason = d.kind == policy::Decision::kHidden         ? "hidden"
                       : d.kind == policy::Decision::kMissingScope ? "scope"
                                                                   : "permission";
  // Best effort: a failed audit write must not turn a 403 into a 503.
  (void)deps.store.audit().append(audit_event(
      deps, p.account.id, "authz.denied", info,
      "{\"action\":" + json_quote(policy::action_name(action)) + ",\"subject\":" + json_quote(subject) +
          ",\"reason\":\"" + reason + "\",\"missing\":" + json_quote(d.missing) +
          ",\"authorization_id\":" + json_quote(p.authorization.id) + "}"));
  if (d.kind == policy::Decision::kMissingScope) {
    Error e(ErrorCode::kForbidden, "This token does not have the " + d.missing +
                                       " scope needed for " +
                                       std::string(policy::action_name(action)) + ".");
    e.required_scope = d.missing;
    return e;
  }
  return Error(ErrorCode::kForbidden, "You need the " + d.missing + " permission to do that (" +
                                         std::string(policy::action_name(action)) + ").");
}

Result<std::string> team_role(Deps& deps, const std::string& team_id, const std::string& account_id) {
  auto member = deps.store.teams().find_member(team_id, account_id);
  if (member) return member->role;
  if (member.error().code == ErrorCode::kNotFound) return std::string();
  return fail(member.error());
}

Status require_scope(Deps& deps, const Principal& p, const std::string& subject,
                     policy::Action action, const RequestInfo& info) {
  if (policy::scope_allows(p.authorization.scope, action)) return {};
  const policy::Decision d{policy::Decision::kMissingScope, std::string(policy::scope_needed(action))};
  return fail(deny(deps, p, subject, action, d, info));
}

Result<TeamGate> team_gate(Deps& deps, const Principal& p, const std::string& team,
                           policy::Action action, const RequestInfo& info) {
  const auto team_not_found = [] { return not_found("team", "Couldn't find that team."); };
  auto t = deps.store.teams().find(team);
  if (!t) {
    if (t.error().code == ErrorCode::kNotFound) return fail(team_not_found());
    return fail(t.error());
  }
  auto role = team_role(deps, t->id, p.account.id);
  if (!role) return fail(role.error());
  const auto d = policy::decide_team(p.authorization.scope, action, *role);
  if (d.kind == policy::Decision::kHidden) return fail(team_not_found());
  if (d.kind != policy::Decision::kAllow) return fail(deny(deps, p, t->name, action, d, info));
  t->role = *role;
  return TeamGate{std::move(*t), std::move(*role)};
}

}  // namespace latchkey::service::detail
