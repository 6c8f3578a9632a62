// IpLocator::describe over arbitrary text: the requester IP it is given comes
// from X-Forwarded-For (via a trusted proxy) or the peer address.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/ip_location.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto locator =
      latchkey::IpLocator::open("/usr/share/GeoIP/GeoIP.dat", "/usr/share/GeoIP/GeoIPv6.dat");
  const auto s = locator->describe(std::string_view(reinterpret_cast<const char*>(data), size));
  if (s.empty()) __builtin_trap();
  return 0;
}
