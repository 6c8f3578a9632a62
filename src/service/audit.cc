#include "service/audit.h"

#include <array>
#include <string_view>

namespace latchkey::service {

std::string audit_outcome(std::string_view action) {
  static constexpr std::array<std::string_view, 8> kFailureMarks = {
      "failed", "denied", "throttled", "locked", "reuse", "duplicate", "_failure", "rejected"};
  for (auto mark : kFailureMarks)
    if (action.find(mark) != std::string_view::npos) return "failure";
  return "success";
}

model::AuditEvent audit_event(Deps& deps, const std::string& account_id, std::string action,
                              const RequestInfo& info, std::string detail_json) {
  return audit_event(deps.random, deps.clock, account_id, std::move(action), info,
                     std::move(detail_json));
}

model::AuditEvent audit_event(Random& random, const Clock& clock, const std::string& account_id,
                              std::string action, const RequestInfo& info,
                              std::string detail_json) {
  model::AuditEvent e;
  e.id = new_uuid(random);
  e.account_id = account_id;
  e.actor_id = info.actor_id;
  e.outcome = audit_outcome(action);
  e.action = std::move(action);
  e.detail = std::move(detail_json);
  e.ip = info.ip;
  e.user_agent = info.user_agent;
  e.request_id = info.request_id;
  e.authorization_id = info.authorization_id;
  e.token_prefix = info.token_prefix;
  e.created_at = clock.now();
  return e;
}

model::AuditEvent about_app(model::AuditEvent event, const model::App& app) {
  event.app_id = app.id;
  event.team_id = app.team_id;
  return event;
}

model::AuditEvent about_team(model::AuditEvent event, const std::string& team_id) {
  event.team_id = team_id;
  return event;
}

}  // namespace latchkey::service
