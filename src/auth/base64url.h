// base64url without padding (RFC 4648 §5, as JOSE uses it: RFC 7515 §2) for
// the PKCE challenge and the parts of a JWS.
// Decoding is strict: only the url-safe alphabet, no padding, no whitespace,
// and the unused low bits of the last character must be zero, so every byte
// string has exactly one accepted encoding.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace latchkey::auth {

std::string base64url_encode(std::span<const std::uint8_t> bytes);
std::string base64url_encode(std::string_view bytes);

// The decoded bytes, or nullopt for anything that is not canonical base64url.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace latchkey::auth
