// App and team names (Heroku: ^[a-z][a-z0-9-]{1,28}[a-z0-9]$) and the
// generated names of apps created without one ("sharp-river-04821").
// Thread safety: pure functions (generate_app_name draws from `random`).
#pragma once

#include <string>
#include <string_view>

#include "core/random.h"

namespace latchkey::service {

bool valid_app_name(std::string_view name);
// Config var keys: ^\w+$ (letters, digits, underscore), at most 256 bytes.
bool valid_config_key(std::string_view key);
std::string generate_app_name(Random& random);

}  // namespace latchkey::service
