// Who is calling, as far as the transport and the authentication can tell;
// recorded on tokens and in the audit trail (S57). Never holds credentials.
#pragma once

#include <string>

namespace latchkey::service {

struct RequestInfo {
  std::string ip;
  std::string user_agent;
  std::string request_id;        // the response's Request-Id
  std::string actor_id;          // the authenticated account, once known
  std::string authorization_id;  // the authorization whose token was presented
  std::string token_prefix;      // first 8 hex chars of SHA-256(token)
};

}  // namespace latchkey::service
