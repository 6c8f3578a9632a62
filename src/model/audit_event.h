// One audit-trail record (security checklist S57): who did what to whom, from
// where, when, and how it ended. Written by the store in the same transaction
// as the change it describes (R1c); never holds a secret.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct AuditEvent {
  std::int64_t seq = 0;   // store-assigned, increasing; 0 until stored
  std::string id;          // uuid
  std::string account_id;  // the subject; may be empty (e.g. failed login for unknown email)
  std::string actor_id;    // who acted: the caller's account, or empty (anonymous, operator)
  std::string action;      // dotted name, e.g. "authorization.revoked"
  std::string outcome;     // "success" or "failure" (a refusal, a failed check)
  std::string detail;      // short JSON object, never a secret
  std::string ip;
  std::string user_agent;
  std::string request_id;        // the response's Request-Id
  std::string authorization_id;  // the token's authorization, if a token was used
  std::string token_prefix;      // first 8 hex chars of SHA-256(token), if a token was used
  std::string app_id;            // the app the event is about, if any
  std::string team_id;           // the team the event is about (or its app's team), if any
  UnixTime created_at = 0;
};

}  // namespace latchkey::model
