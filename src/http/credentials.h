// Parsing of the Authorization header (ARCHITECTURE.md §6): `Bearer <token>`,
// or `Basic base64(user:secret)` where the secret is a token (any user, as
// netrc-based curl and git send) or, only where a route allows it, a password.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace latchkey::http {

struct Credentials {
  enum class Kind { kNone, kBearer, kBasic, kMalformed } kind = Kind::kNone;
  std::string user;    // Basic only
  std::string secret;  // the token, or the Basic password
};

Credentials parse_authorization(std::optional<std::string_view> header);

}  // namespace latchkey::http
