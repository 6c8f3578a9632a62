#include "cli/otpauth.h"

#include <optional>

#include "cli/netrc.h"
#include "core/text.h"

namespace latchkey::cli {
namespace {

constexpr std::string_view kScheme = "otpauth://";
constexpr std::string_view kIssuerParam = "issuer=";

std::string decoded(std::string_view encoded) {
  return printable(percent_decode(encoded, true).value_or(std::string(encoded)));
}

// The value of the first `issuer=` parameter, or nullopt.
std::optional<std::string> issuer_param(std::string_view query) {
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    if (param.starts_with(kIssuerParam)) return decoded(param.substr(kIssuerParam.size()));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace

std::string printable(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  return out;
}

OtpauthAccount otpauth_account(std::string_view uri) {
  OtpauthAccount out;
  if (uri.size() < kScheme.size() || !equals_ignore_case(uri.substr(0, kScheme.size()), kScheme)) return out;
  uri.remove_prefix(kScheme.size());
  std::size_t slash = uri.find('/');  // after the type, "totp" or "hotp"
  if (slash == std::string_view::npos) return out;
  uri.remove_prefix(slash + 1);
  uri = uri.substr(0, uri.find('#'));
  std::size_t question = uri.find('?');
  std::string label = decoded(uri.substr(0, question));
  std::size_t colon = label.find(':');
  if (colon == std::string::npos) {
    out.account = std::move(label);
  } else {
    out.issuer = label.substr(0, colon);
    out.account = std::string(trim_blanks(std::string_view(label).substr(colon + 1)));
  }
  if (question != std::string_view::npos) {
    if (auto issuer = issuer_param(uri.substr(question + 1))) out.issuer = std::move(*issuer);
  }
  return out;
}

}  // namespace latchkey::cli
