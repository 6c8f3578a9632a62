// User codes of the device authorization grant (RFC 8628 §6.1): the short
// code a person reads on the CLI and types into the verification page.
//
// 8 characters from "BCDFGHJKLMNPQRSTVWXZ" (20 consonants: no vowels, so no
// words; no digits, so no 0/O or 1/I confusion), drawn uniformly from the
// CSPRNG: 20^8 ≈ 2^34.5, the RFC's own example. That is only safe because the
// verification endpoint rate-limits attempts and codes expire within minutes
// (RFC 8628 §5.1). Shown as "BCDF-GHJK"; stored and compared in normalised form.
// Typing is forgiving: case, dashes and ASCII whitespace are ignored.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"

namespace latchkey::auth {

inline constexpr std::string_view kUserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";
inline constexpr std::size_t kUserCodeLength = 8;
inline constexpr std::size_t kMaxUserCodeInput = 64;  // longer input is refused unread

// A fresh code in normalised form (8 upper-case letters, no dash).
std::string new_user_code(Random& random);

// The normalised form of what a person typed, or nullopt if it cannot be a
// user code: after upper-casing and dropping '-' and ASCII whitespace, exactly
// 8 characters from the alphabet must remain; input over 64 bytes is refused.
std::optional<std::string> normalize_user_code(std::string_view typed);

// "BCDFGHJK" -> "BCDF-GHJK", the display form. Input that is not 8 characters
// long is returned unchanged.
std::string format_user_code(std::string_view normalized);

}  // namespace latchkey::auth
