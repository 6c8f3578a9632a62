// Builds audit events; the store writes them in the same transaction as the
// change they describe (R1c).
#pragma once

#include <string>

#include "model/audit_event.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

model::AuditEvent audit_event(Deps& deps, const std::string& account_id, std::string action,
                              const RequestInfo& info, std::string detail_json = "{}");

}  // namespace latchkey::service
