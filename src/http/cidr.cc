#include "http/cidr.h"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstring>
#include <optional>

namespace latchkey::http {
namespace {

struct Address {
  std::array<unsigned char, 16> bytes{};
  bool v4 = false;
};

std::optional<Address> parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string z(text);
  Address a;
  if (::inet_pton(AF_INET, z.c_str(), a.bytes.data()) == 1) {
    a.v4 = true;
    return a;
  }
  if (::inet_pton(AF_INET6, z.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, 12) == 0) {
    std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
    a.v4 = true;
  }
  return a;
}

bool matches(const Address& ip, std::string_view entry) {
  const auto slash = entry.find('/');
  const auto net = parse(entry.substr(0, slash));
  if (!net || net->v4 != ip.v4) return false;
  const unsigned width = ip.v4 ? 32 : 128;
  unsigned prefix = width;
  if (slash != std::string_view::npos) {
    const auto bits = entry.substr(slash + 1);
    const auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (bits.empty() || ec != std::errc() || p != bits.data() + bits.size() || prefix > width)
      return false;
  }
  for (unsigned i = 0; i < prefix / 8; ++i)
    if (ip.bytes[i] != net->bytes[i]) return false;
  if (const unsigned rest = prefix % 8) {
    const unsigned char mask = static_cast<unsigned char>(0xff << (8 - rest));
    if ((ip.bytes[prefix / 8] & mask) != (net->bytes[prefix / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

bool ip_in_list(std::string_view ip_text, const std::vector<std::string>& entries) {
  const auto ip = parse(ip_text);
  for (const auto& e : entries) {
    if (e == "any") return true;
    if (ip && matches(*ip, e)) return true;
  }
  return false;
}

}  // namespace latchkey::http
