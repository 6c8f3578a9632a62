// libFuzzer target: address allow-list matching (src/http/cidr.h), whose
// address comes from the client (peer or X-Forwarded-For via client_ip).
// Input: up to the first '\n' is the address, the rest a ','-separated list
// of entries. Never crashes; "any" always matches; an address always matches
// itself as an entry when it parses as one; results are deterministic.
//
// Build (clang): link lk_http with -fsanitize=fuzzer. Seeds: fuzz/corpus/cidr/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/cidr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using latchkey::http::ip_in_list;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto nl = bytes.find('\n');
  const std::string_view ip = bytes.substr(0, nl);
  std::vector<std::string> entries;
  if (nl != std::string_view::npos) {
    std::string_view rest = bytes.substr(nl + 1);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      entries.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  const bool first = ip_in_list(ip, entries);
  if (first != ip_in_list(ip, entries)) std::abort();
  if (!ip_in_list(ip, {"any"})) std::abort();
  // An address that matches a /0 of its family is one that parses.
  const bool parses = ip_in_list(ip, {"0.0.0.0/0"}) || ip_in_list(ip, {"::/0"});
  if (parses && ip.find('/') == std::string_view::npos && !ip_in_list(ip, {std::string(ip)})) std::abort();
  return 0;
}
