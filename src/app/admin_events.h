// `latchkeyd admin events` (the audit trail exported as JSON lines, oldest
// first) and `latchkeyd admin prune-events` (retention now) — docs/audit.md.
#pragma once

#include <string>
#include <vector>

#include "config/config.h"

namespace latchkey::app {

// `args` starts with "events" or "prune-events". Exit code: 0 ok, 1 failure,
// 2 bad arguments or unknown account.
int admin_audit(const config::Config& config, const std::vector<std::string>& args);

}  // namespace latchkey::app
