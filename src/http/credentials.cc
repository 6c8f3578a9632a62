#include "http/credentials.h"

#include <sodium.h>

#include <strings.h>

namespace latchkey::http {
namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Credentials parse_authorization(std::optional<std::string_view> header) {
  Credentials c;
  if (!header) return c;
  std::string_view h = trim(*header);
  if (h.size() > 4096) {
    c.kind = Credentials::Kind::kMalformed;
    return c;
  }
  if (starts_with_ci(h, "bearer ")) {
    c.kind = Credentials::Kind::kBearer;
    c.secret = std::string(trim(h.substr(7)));
    return c;
  }
  if (starts_with_ci(h, "basic ")) {
    const std::string_view b64 = trim(h.substr(6));
    std::string decoded(b64.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), b64.data(),
                          b64.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
      c.kind = Credentials::Kind::kMalformed;
      return c;
    }
    decoded.resize(len);
    const auto colon = decoded.find(':');
    if (colon == std::string::npos) {
      c.kind = Credentials::Kind::kMalformed;
      return c;
    }
    c.kind = Credentials::Kind::kBasic;
    c.user = decoded.substr(0, colon);
    c.secret = decoded.substr(colon + 1);
    sodium_memzero(decoded.data(), decoded.size());
    return c;
  }
  c.kind = Credentials::Kind::kMalformed;
  return c;
}

}  // namespace latchkey::http
