// Subcommands of latchkeyd.
#pragma once

#include "config/config.h"
#include "core/json_text.h"

namespace latchkey::app {

int serve(const config::Config& config);
int migrate(const config::Config& config);
// argv after "admin": create-user | disable-user | enable-user | unlock | bootstrap
int admin(const config::Config& config, const std::vector<std::string>& args);

}  // namespace latchkey::app
