// Parser of leaked-token reports (POST /token-leaks, docs/api.md): a JSON array
// in GitHub's secret-scanning partner format,
//   [{"token": "lka_…", "type": "latchkey_api_key", "url": "https://…", "source": "content"}]
// Only "token" is required; unknown members are ignored. Untrusted bytes:
// bounded (entries, string lengths, nesting via Boost.JSON limits) and fuzzed
// (fuzz/leak_report_fuzz.cc).
// Thread safety: pure function.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/token_leaks.h"

namespace latchkey::api {

inline constexpr std::size_t kLeakTokenMaxChars = 256;
inline constexpr std::size_t kLeakFieldMaxChars = 2048;

// kBadRequest for malformed JSON or a non-array; kInvalidParams (naming the
// entry) for a bad entry; kPayloadTooLarge for more than `max_entries` entries.
Result<std::vector<service::LeakReport>> parse_leak_report(std::string_view body,
                                                           std::size_t max_entries);

}  // namespace latchkey::api
