// Address allow-lists: does an IP (text) fall in one of a list of IP addresses
// or CIDR ranges ("10.0.0.0/8", "::1", "any")? IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d) match IPv4 entries. Malformed entries or addresses never match.
// Thread safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace latchkey::http {

bool ip_in_list(std::string_view ip, const std::vector<std::string>& entries);

}  // namespace latchkey::http
