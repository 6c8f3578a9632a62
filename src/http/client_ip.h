// Whose address a request comes from (security checklist S07): the peer, or —
// only when the peer is a trusted proxy — the last hop of X-Forwarded-For.
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "http/message.h"

namespace latchkey::http {

std::string client_ip(const Request& request, const std::vector<std::string>& trusted_proxies);

}  // namespace latchkey::http
