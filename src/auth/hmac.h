// HMAC-SHA-256 (RFC 2104) for signatures exchanged with other systems: the
// Latchkey-Signature of alert webhooks and the signature of partner leak
// reports (docs/alerts.md, docs/api.md). Keys of any length.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace latchkey::auth {

// Lower-case hex HMAC-SHA-256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace latchkey::auth
