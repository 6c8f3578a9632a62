#include "auth/recovery_codes.h"

#include <cstdio>
#include <cstdlib>
#include <set>

namespace latchkey::auth {
namespace {

// Crockford base32 (https://www.crockford.com/base32.html), lower case.
constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::size_t kGroupSize = 4;
constexpr std::size_t kMaxInputLength = 64;
static_assert(kAlphabet.size() == 32);

// The canonical symbol for one typed character, '\0' if it is not one.
constexpr char canonical_symbol(char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (c == 'o') return '0';
  if (c == 'i' || c == 'l') return '1';
  return kAlphabet.find(c) == std::string_view::npos ? '\0' : c;
}

std::string random_code(Random& random) {
  std::string code;
  code.reserve(kRecoveryCodeDisplayLength);
  for (std::size_t i = 0; i < kRecoveryCodeSymbols; ++i) {
    if (i != 0 && i % kGroupSize == 0) code.push_back('-');
    code.push_back(kAlphabet[random.uniform(static_cast<std::uint32_t>(kAlphabet.size()))]);
  }
  return code;
}

}  // namespace

std::vector<std::string> generate_recovery_codes(Random& random, int count) {
  if (count < 0) {
    std::fputs("latchkey: generate_recovery_codes: negative count\n", stderr);
    std::abort();
  }
  std::vector<std::string> codes;
  codes.reserve(static_cast<std::size_t>(count));
  std::set<std::string> seen;
  // A repeat is a 2^-80 event, but "no duplicates" should be a guarantee.
  while (codes.size() < static_cast<std::size_t>(count)) {
    std::string code = random_code(random);
    if (seen.insert(code).second) codes.push_back(std::move(code));
  }
  return codes;
}

std::optional<std::string> normalize_recovery_code(std::string_view input) {
  if (input.size() > kMaxInputLength) return std::nullopt;
  std::string out;
  out.reserve(kRecoveryCodeSymbols);
  for (char c : input) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    const char symbol = canonical_symbol(c);
    if (symbol == '\0' || out.size() == kRecoveryCodeSymbols) return std::nullopt;
    out.push_back(symbol);
  }
  if (out.size() != kRecoveryCodeSymbols) return std::nullopt;
  return out;
}

std::string hash_recovery_code(const SecretBox& box, std::string_view normalized) {
  return box.keyed_hash("recovery-code", normalized);
}

}  // namespace latchkey::auth
