// A single-use secret known by its hash: the admin bootstrap token now; reset
// links and invitations later. Consumed by one conditional UPDATE.
#pragma once

#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct OneTimeSecret {
  std::string hash;     // hex SHA-256 of the secret
  std::string purpose;  // "bootstrap", ...
  std::string subject;  // e.g. account id; may be empty
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
};

}  // namespace latchkey::model
