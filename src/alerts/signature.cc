#include "alerts/signature.h"

#include <charconv>

#include "auth/hmac.h"
#include "core/secret.h"

namespace latchkey::alerts {

std::string sign_webhook(std::string_view secret, UnixTime t, std::string_view body) {
  const std::string ts = std::to_string(t);
  std::string signed_text = ts + ".";
  signed_text.append(body);
  return "t=" + ts + ",v1=" + auth::hmac_sha256_hex(secret, signed_text);
}

bool verify_webhook(std::string_view secret, std::string_view header, std::string_view body,
                    UnixTime now, UnixTime tolerance_s) {
  std::string_view t_text;
  std::string_view mac;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view part = header.substr(0, comma);
    if (part.starts_with("t=")) t_text = part.substr(2);
    if (part.starts_with("v1=")) mac = part.substr(3);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
  }
  UnixTime t = 0;
  const auto [ptr, ec] = std::from_chars(t_text.data(), t_text.data() + t_text.size(), t);
  if (t_text.empty() || ec != std::errc() || ptr != t_text.data() + t_text.size()) return false;
  if (t > now + tolerance_s || t < now - tolerance_s) return false;
  std::string signed_text(t_text);
  signed_text += '.';
  signed_text.append(body);
  return constant_time_equal(auth::hmac_sha256_hex(secret, signed_text), mac);
}

}  // namespace latchkey::alerts
