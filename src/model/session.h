// A sign-in session: a CLI login (its authorization carries session_id, so
// `DELETE /oauth/sessions/~` ends it) or a browser session (a cookie whose
// SHA-256 is token_hash; see service/browser_sessions.h).
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct Session {
  std::string id;  // uuid
  std::string account_id;
  std::string kind;  // "cli" | "browser"
  std::string description;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> expires_at;
  std::string created_ip;
  std::string user_agent;
  // Browser sessions only.
  std::optional<std::string> token_hash;  // hex SHA-256 of the lks_ cookie value
  std::string stage = "full";              // "second_factor" (password checked) | "full"
  std::optional<UnixTime> last_seen_at;    // idle timeout
  std::optional<UnixTime> authenticated_at;  // last password (+ factor) proof (S22)
};

}  // namespace latchkey::model
