#include "http/client_ip.h"

#include <algorithm>

namespace latchkey::http {

std::string client_ip(const Request& request, const std::vector<std::string>& trusted) {
  if (std::find(trusted.begin(), trusted.end(), request.remote_addr) == trusted.end())
    return request.remote_addr;
  auto xff = request.header("x-forwarded-for");
  if (!xff) return request.remote_addr;
  std::string_view v = *xff;
  auto comma = v.rfind(',');
  v = comma == std::string_view::npos ? v : v.substr(comma + 1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v.empty() || v.size() > 64 ? request.remote_addr : std::string(v);
}

}  // namespace latchkey::http
