// Builds audit events; the store writes them in the same transaction as the
// change they describe (R1c).
#pragma once

#include <string>
#include <string_view>

#include "model/app.h"
#include "model/audit_event.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

// "failure" for refusals and failed checks (login.failed, authz.denied,
// mfa.throttled, refresh reuse, ...), else "success".
std::string audit_outcome(std::string_view action);

// Fills who/where/how from `info`; the actor defaults to nobody (anonymous).
model::AuditEvent audit_event(Random& random, const Clock& clock, const std::string& account_id,
                              std::string action, const RequestInfo& info,
                              std::string detail_json = "{}");
model::AuditEvent audit_event(Deps& deps, const std::string& account_id, std::string action,
                              const RequestInfo& info, std::string detail_json = "{}");

// Marks the event as about `app` (and the app's team, if it has one), so the
// team's admins see it (GET /teams/{team}/events).
model::AuditEvent about_app(model::AuditEvent event, const model::App& app);
// Marks the event as about a team.
model::AuditEvent about_team(model::AuditEvent event, const std::string& team_id);

}  // namespace latchkey::service
