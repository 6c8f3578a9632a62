// JSON string quoting for hand-built JSON (audit details, log lines, error
// bodies written by the transport). The output is always valid JSON and valid
// UTF-8 whatever the input: control characters and DEL become \u00XX, and
// each invalid UTF-8 byte becomes \ufffd.
#pragma once

#include <string>
#include <string_view>

namespace latchkey {

// Appends `text` as a quoted JSON string to `out`.
void append_json_string(std::string& out, std::string_view text);
std::string json_quote(std::string_view s);

}  // namespace latchkey
