// Who is calling, as far as the transport can tell; recorded on tokens and in
// the audit trail. Never holds credentials.
#pragma once

#include <string>

namespace latchkey::service {

struct RequestInfo {
  std::string ip;
  std::string user_agent;
};

}  // namespace latchkey::service
