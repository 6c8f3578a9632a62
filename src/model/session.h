// A sign-in session: a CLI login (its authorization carries session_id, so
// `DELETE /oauth/sessions/~` ends it) or, later, a browser session.
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
};

}  // namespace latchkey::model
