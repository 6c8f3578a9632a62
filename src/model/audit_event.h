// One security-relevant event (password.changed, authorization.created, ...).
#pragma once

#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct AuditEvent {
  std::string id;          // uuid
  std::string account_id;  // may be empty (e.g. failed login for unknown email)
  std::string action;      // dotted name, e.g. "authorization.revoked"
  std::string detail;      // short JSON object, never a secret
  std::string ip;
  UnixTime created_at = 0;
};

}  // namespace latchkey::model
