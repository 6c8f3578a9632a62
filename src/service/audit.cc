#include "service/audit.h"

namespace latchkey::service {

model::AuditEvent audit_event(Deps& deps, const std::string& account_id, std::string action,
                              const RequestInfo& info, std::string detail_json) {
  model::AuditEvent e;
  e.id = new_uuid(deps.random);
  e.account_id = account_id;
  e.action = std::move(action);
  e.detail = std::move(detail_json);
  e.ip = info.ip;
  e.created_at = deps.clock.now();
  return e;
}

}  // namespace latchkey::service
