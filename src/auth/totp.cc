#include "auth/totp.h"

#include <oath.h>

#include <array>
#include <cstdio>
#include <cstdlib>

#include "core/text.h"

namespace latchkey::auth {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kMinDigits = 6;
constexpr int kMaxDigits = 8;

// Programming errors and a broken crypto library end the process, as in
// hash_token: a placeholder code could be guessed.
[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "latchkey: %s\n", what);
  std::abort();
}

// oath_init() initialises liboath's crypto backend and is not thread-safe, so it
// runs once, under the function-local static's initialisation guard.
void ensure_oath_initialised() {
  static const int rc = oath_init();
  if (rc != OATH_OK) die("liboath initialisation failed");
}

// Value of an RFC 4648 base32 character (either case), or -1.
constexpr int base32_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

// Unpadded base32 lengths are 8k + {0, 2, 4, 5, 7} (RFC 4648 §6: 5 bytes per 8 chars).
constexpr bool valid_unpadded_length(std::size_t n) {
  const std::size_t rem = n % 8;
  return rem == 0 || rem == 2 || rem == 4 || rem == 5 || rem == 7;
}

// RFC 3986 §2.1 percent-encoding of everything but unreserved characters and
// '@' (legal in both the path and the query, and kept readable in e-mail labels).
std::string percent_encode_label(std::string_view in) {
  return percent_encode(in, [](unsigned char c) { return is_unreserved(c) || c == '@'; });
}

bool is_six_digits(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kTotpDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Secret generate_totp_secret(Random& random) {
  std::string key(kTotpSecretBytes, '\0');
  random.fill(std::span(reinterpret_cast<std::uint8_t*>(key.data()), key.size()));
  return Secret(std::move(key));
}

std::string base32_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(buffer >> bits) & 0x1F]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  const std::size_t padded_size = text.size();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  const std::size_t padding = padded_size - text.size();
  if (!valid_unpadded_length(text.size()) ||
      (padding != 0 && (padded_size % 8 != 0 || padding >= 8))) {
    return fail(invalid_params("Invalid base32 length."));
  }
  std::string out;
  out.reserve(text.size() * 5 / 8);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = base32_value(c);
    if (value < 0) return fail(invalid_params("Invalid base32 character."));
    buffer = (buffer << 5) | static_cast<std::uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  // The unused low bits of the last character must be zero (canonical encoding).
  if ((buffer & ((1u << bits) - 1)) != 0) {
    return fail(invalid_params("Non-canonical base32 encoding."));
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account_email,
                        std::string_view secret_bytes) {
  const std::string encoded_issuer = percent_encode_label(issuer);
  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) uri += encoded_issuer + ":";
  uri += percent_encode_label(account_email);
  uri += "?secret=" + base32_encode(secret_bytes);
  if (!issuer.empty()) uri += "&issuer=" + encoded_issuer;
  uri += "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpPeriodSeconds);
  return uri;
}

std::string hotp_code(std::string_view secret_bytes, std::uint64_t counter, int digits) {
  if (digits < kMinDigits || digits > kMaxDigits) die("hotp_code: digits must be 6..8");
  ensure_oath_initialised();
  std::array<char, kMaxDigits + 1> output{};
  const int rc = oath_hotp_generate(secret_bytes.data(), secret_bytes.size(), counter,
                                    static_cast<unsigned>(digits), false,
                                    OATH_HOTP_DYNAMIC_TRUNCATION, output.data());
  if (rc != OATH_OK) die("liboath HOTP generation failed");
  return std::string(output.data(), static_cast<std::size_t>(digits));
}

std::int64_t totp_step(std::int64_t unix_time) {
  std::int64_t step = unix_time / kTotpPeriodSeconds;
  if (unix_time % kTotpPeriodSeconds < 0) --step;  // floor, not truncation
  return step;
}

std::string totp_code(std::string_view secret_bytes, std::int64_t unix_time, int digits) {
  if (unix_time < 0) die("totp_code: negative time");
  return hotp_code(secret_bytes, static_cast<std::uint64_t>(totp_step(unix_time)), digits);
}

std::optional<std::int64_t> verify_totp(std::string_view secret_bytes, std::string_view code,
                                        std::int64_t now, std::int64_t last_used_step) {
  if (now < 0 || !is_six_digits(code)) return std::nullopt;
  const std::int64_t current = totp_step(now);
  // Newest first: should T and T-1 share a code, accepting T burns both.
  for (const std::int64_t step : {current, current - 1}) {
    if (step < 0 || step <= last_used_step) continue;
    const std::string expected = hotp_code(secret_bytes, static_cast<std::uint64_t>(step));
    if (constant_time_equal(expected, code)) return step;
  }
  return std::nullopt;
}

}  // namespace latchkey::auth
