// Time-based one-time passwords: RFC 6238 TOTP over RFC 4226 HOTP, with the
// parameters every authenticator app supports (HMAC-SHA-1, 6 digits, 30 s
// steps, T0 = 0), plus the RFC 4648 base32 and otpauth:// URI used to enrol.
//
// Acceptance policy (security checklist S13, §5.3): a code is accepted for the
// current step T or the previous step T-1 only (RFC 6238 §5.2 recommends at most
// one step back; this deviates from ASVS 6.5.5's 30 s by one step for delay
// tolerance), and only if that step is newer than the last accepted step, which
// the caller persists. Each step is therefore accepted at most once.
//
// The HMAC and truncation are liboath's. Secrets are raw key bytes; callers keep
// them encrypted at rest (auth::SecretBox) and never show them after enrolment.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"
#include "core/result.h"
#include "core/secret.h"

namespace latchkey::auth {

inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226 R6
inline constexpr std::int64_t kTotpPeriodSeconds = 30;
inline constexpr int kTotpDigits = 6;
// A last-used step below every real step: pass it when no code was accepted yet.
inline constexpr std::int64_t kTotpNoStepUsed = -1;

// A fresh 20-byte key from the CSPRNG.
Secret generate_totp_secret(Random& random);

// RFC 4648 §6 base32: upper-case alphabet A-Z2-7, no '=' padding.
std::string base32_encode(std::string_view bytes);
// Accepts either case and optional correct '=' padding; rejects other
// characters, impossible lengths and non-zero trailing bits (422 invalid_params).
Result<std::string> base32_decode(std::string_view text);

// otpauth://totp/<issuer>:<email>?secret=<B32>&issuer=<issuer>&algorithm=SHA1&digits=6&period=30
// (Google Authenticator "Key Uri Format"). Issuer and email are percent-encoded
// (RFC 3986: everything but unreserved characters and '@'). An empty issuer
// drops the label prefix and the issuer parameter.
std::string otpauth_uri(std::string_view issuer, std::string_view account_email,
                        std::string_view secret_bytes);

// RFC 4226 §5.3 HOTP value for `counter`, zero-padded to `digits`.
// Precondition: 6 <= digits <= 8.
std::string hotp_code(std::string_view secret_bytes, std::uint64_t counter,
                      int digits = kTotpDigits);

// The time step T = floor(unix_time / 30) (RFC 6238 §4.2).
std::int64_t totp_step(std::int64_t unix_time);

// RFC 6238 TOTP at `unix_time`. Preconditions: unix_time >= 0, 6 <= digits <= 8.
std::string totp_code(std::string_view secret_bytes, std::int64_t unix_time,
                      int digits = kTotpDigits);

// The accepted step if `code` is exactly six ASCII digits equal (compared in
// constant time) to the code of step T or T-1 at `now`, and that step is greater
// than `last_used_step`; the caller must then store the returned step as the new
// last-used step (atomically, compare-and-set) before reporting success.
// Anything else (wrong code, T-2, T+1, replay, malformed input, now < 0) is nullopt.
std::optional<std::int64_t> verify_totp(std::string_view secret_bytes, std::string_view code,
                                        std::int64_t now, std::int64_t last_used_step);

}  // namespace latchkey::auth
