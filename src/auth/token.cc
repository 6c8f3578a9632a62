#include "auth/token.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace latchkey::auth {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kPrefixLength = 4;
constexpr std::size_t kRedactHead = 8;
constexpr std::size_t kRedactTail = 4;
constexpr std::string_view kRedactMask = "**********";

struct PrefixEntry {
  TokenKind kind;
  std::string_view prefix;
};
constexpr std::array<PrefixEntry, 7> kPrefixes{{
    {TokenKind::kApiKey, "lka_"},
    {TokenKind::kAccess, "lko_"},
    {TokenKind::kRefresh, "lkr_"},
    {TokenKind::kClientSecret, "lkc_"},
    {TokenKind::kDeviceCode, "lkd_"},
    {TokenKind::kSession, "lks_"},
    {TokenKind::kAuthCode, "lkg_"},
}};

// Value of a base62 digit, or -1.
constexpr int base62_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

// The checksum as exactly kTokenChecksumChars base62 digits, big-endian,
// zero-padded (62^6 > 2^32, so every CRC fits).
std::array<char, kTokenChecksumChars> encode_checksum(std::uint32_t crc) {
  std::array<char, kTokenChecksumChars> out{};
  for (std::size_t i = kTokenChecksumChars; i-- > 0;) {
    out[i] = kBase62[crc % 62];
    crc /= 62;
  }
  return out;
}

// Table for the reflected polynomial 0xEDB88320 (CRC-32/ISO-HDLC, as zlib).
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}
constexpr auto kCrcTable = make_crc_table();

const EVP_MD* sha256() {
  // Fetched once: OpenSSL 3's implicit fetch costs a lock and a lookup per call.
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

std::uint32_t crc32(std::string_view data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) c = kCrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string_view token_prefix(TokenKind kind) {
  for (const auto& entry : kPrefixes) {
    if (entry.kind == kind) return entry.prefix;
  }
  return {};  // unreachable for valid enum values
}

std::string generate_token(TokenKind kind, Random& random) {
  std::string token(token_prefix(kind));
  token.reserve(kTokenLength);
  for (std::size_t i = 0; i < kTokenRandomChars; ++i) token.push_back(kBase62[random.uniform(62)]);
  const auto checksum =
      encode_checksum(crc32(std::string_view(token).substr(kPrefixLength, kTokenRandomChars)));
  token.append(checksum.data(), checksum.size());
  return token;
}

std::optional<TokenKind> parse_token(std::string_view token) {
  if (token.size() != kTokenLength) return std::nullopt;
  const std::string_view prefix = token.substr(0, kPrefixLength);
  std::optional<TokenKind> kind;
  for (const auto& entry : kPrefixes) {
    if (entry.prefix == prefix) kind = entry.kind;
  }
  if (!kind) return std::nullopt;
  const std::string_view body = token.substr(kPrefixLength);
  for (char c : body) {
    if (base62_value(c) < 0) return std::nullopt;
  }
  const auto expected = encode_checksum(crc32(body.substr(0, kTokenRandomChars)));
  if (body.substr(kTokenRandomChars) != std::string_view(expected.data(), expected.size())) {
    return std::nullopt;
  }
  return kind;
}

std::string hash_token(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const EVP_MD* md = sha256();
  if (md == nullptr || EVP_Digest(token.data(), token.size(), digest.data(), &length, md,
                                  nullptr) != 1) {
    // Impossible unless OpenSSL has no default provider: the server cannot
    // work without SHA-256, and returning a placeholder could collide.
    std::fputs("latchkey: OpenSSL SHA-256 unavailable\n", stderr);
    std::abort();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{2} * length);
  for (unsigned i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0F]);
  }
  return out;
}

std::string redact_token(std::string_view token) {
  // Below 16 characters head + tail would reveal three quarters of the value
  // or more: such strings are not our tokens, so mask them entirely.
  if (token.size() < 16) return std::string(kRedactMask);
  std::string out(token.substr(0, kRedactHead));
  out += kRedactMask;
  out += token.substr(token.size() - kRedactTail);
  return out;
}

}  // namespace latchkey::auth
