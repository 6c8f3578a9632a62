// MFA recovery (look-up) codes, security checklist S15 and §5.6.
//
// Each code is 16 symbols from Crockford's base32 alphabet (lower case,
// 0-9 a-z without i l o u), drawn uniformly from the CSPRNG: 16 × 5 = 80 bits,
// above NIST SP 800-63B §4.2.1.1's 64-bit floor. Shown once, as
// "xxxx-xxxx-xxxx-xxxx"; only hash_recovery_code() of the normalised form is stored.
// Typing is forgiving: case, dashes and ASCII spaces, tabs and line breaks are ignored, and the look-alikes
// o → 0 and i, l → 1 are mapped as Crockford's decoding does.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_box.h"
#include "core/random.h"

namespace latchkey::auth {

inline constexpr int kRecoveryCodeCount = 10;
inline constexpr std::size_t kRecoveryCodeSymbols = 16;        // 80 bits
inline constexpr std::size_t kRecoveryCodeDisplayLength = 19;  // with three dashes

// `count` distinct codes in display form. Precondition: count >= 0.
std::vector<std::string> generate_recovery_codes(Random& random, int count = kRecoveryCodeCount);

// The canonical 16-symbol form of user input, or nullopt if it cannot be a
// recovery code (wrong length, foreign characters, longer than 64 bytes).
std::optional<std::string> normalize_recovery_code(std::string_view input);

// The only form stored at rest: HMAC-SHA-256 of the normalised code under the
// server key (SecretBox::keyed_hash, purpose "recovery-code"), so a database dump
// alone allows no offline guessing (ASVS 6.5.2 asks for a salted or peppered
// hash below 112 bits of entropy).
std::string hash_recovery_code(const SecretBox& box, std::string_view normalized);

}  // namespace latchkey::auth
