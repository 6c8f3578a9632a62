// Minimal JSON string quoting for hand-built JSON snippets (audit details, log
// lines). Control characters become \u00XX; other bytes pass through.
#pragma once

#include <string>
#include <string_view>

namespace latchkey {

std::string json_quote(std::string_view s);

}  // namespace latchkey
