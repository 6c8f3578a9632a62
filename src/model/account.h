// An account (a person who signs in). Plain data; see service/accounts.h for rules.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct Account {
  std::string id;             // uuid
  std::string email;          // normalised: trimmed, lower-case
  std::string name;           // may be empty
  std::string password_hash;  // Argon2id PHC string
  bool is_admin = false;
  bool disabled = false;
  bool two_factor_enabled = false;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::optional<UnixTime> last_login;
};

}  // namespace latchkey::model
