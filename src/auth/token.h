// Token format (docs/token-format.md, ARCHITECTURE.md §5):
//   <prefix>_<43 base62 random chars (≈256 bits)><6 base62 chars: CRC32 of the 43>
// The checksum lets us reject garbage and typos before any hashing or database
// lookup, and lets secret scanners validate candidates offline.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"

namespace latchkey::auth {

enum class TokenKind {
  kApiKey,        // lka_  the account's permanent API key
  kAccess,        // lko_  OAuth / authorization access token
  kRefresh,       // lkr_
  kClientSecret,  // lkc_
  kDeviceCode,    // lkd_
  kSession,       // lks_  browser session / CLI poll secret
  kAuthCode,      // lkg_  OAuth authorization code (60 s, single use)
};

inline constexpr std::size_t kTokenRandomChars = 43;
inline constexpr std::size_t kTokenChecksumChars = 6;
inline constexpr std::size_t kTokenLength = 4 + kTokenRandomChars + kTokenChecksumChars;  // 53

std::string_view token_prefix(TokenKind kind);  // "lka_", ...

std::string generate_token(TokenKind kind, Random& random);

// The kind, if `token` has a known prefix, the exact length, only base62 after
// the prefix and a matching checksum. Never throws; any bytes are fine.
std::optional<TokenKind> parse_token(std::string_view token);

// Lower-case hex SHA-256 of the token: the only form stored at rest.
std::string hash_token(std::string_view token);

// "<first 8>**********<last 4>", the form shown after creation (the stock
// heroku CLI's logout understands it). Inputs shorter than 16 characters are
// not tokens and come back fully masked ("**********").
std::string redact_token(std::string_view token);

// CRC-32 (ISO-HDLC / zlib polynomial), exposed for tests.
std::uint32_t crc32(std::string_view data);

}  // namespace latchkey::auth
