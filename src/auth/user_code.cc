#include "auth/user_code.h"

namespace latchkey::auth {
namespace {

constexpr std::size_t kGroupSize = 4;
static_assert(kUserCodeAlphabet.size() == 20);
static_assert(kUserCodeLength % kGroupSize == 0);

constexpr bool is_ignored(char c) {
  return c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

constexpr char to_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string new_user_code(Random& random) {
  std::string code;
  code.reserve(kUserCodeLength);
  for (std::size_t i = 0; i < kUserCodeLength; ++i)
    code.push_back(kUserCodeAlphabet[random.uniform(static_cast<std::uint32_t>(kUserCodeAlphabet.size()))]);
  return code;
}

std::optional<std::string> normalize_user_code(std::string_view typed) {
  if (typed.size() > kMaxUserCodeInput) return std::nullopt;
  std::string out;
  out.reserve(kUserCodeLength);
  for (char c : typed) {
    if (is_ignored(c)) continue;
    c = to_upper(c);
    if (kUserCodeAlphabet.find(c) == std::string_view::npos || out.size() == kUserCodeLength)
      return std::nullopt;
    out.push_back(c);
  }
  if (out.size() != kUserCodeLength) return std::nullopt;
  return out;
}

std::string format_user_code(std::string_view normalized) {
  std::string out(normalized);
  if (out.size() == kUserCodeLength) out.insert(kGroupSize, 1, '-');
  return out;
}

}  // namespace latchkey::auth
