// Small text helpers shared by the parsers and writers of several layers:
// blank trimming and RFC 3986 percent-encoding.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace latchkey {

// Without leading and trailing spaces and tabs.
std::string_view trim_blanks(std::string_view s);

// 0-15 for a hex digit (either case), else -1.
int hex_digit(char c);

// RFC 3986 §2.3 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
bool is_unreserved(unsigned char c);

// Bytes for which keep(c) is false become %XX (upper-case hex); the rest pass.
std::string percent_encode(std::string_view in, bool (*keep)(unsigned char));

// Decodes %XX sequences. A '%' not followed by two hex digits is kept as it is
// when `keep_malformed`, else the whole input is refused (nullopt).
std::optional<std::string> percent_decode(std::string_view in, bool keep_malformed);

}  // namespace latchkey
