// A registered OAuth client (Heroku's "OAuth Client"): a third-party app that
// may ask an account for access. Plain data; see service/clients.h for rules.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace latchkey::model {

struct OAuthClient {
  std::string id;            // uuid; the OAuth client_id
  std::string owner_id;      // the account that registered it
  std::string name;
  std::string redirect_uri;  // matched exactly (loopback: any port)
  bool is_public = false;    // native/CLI app: no secret, PKCE required
  std::string secret_hash;   // hex SHA-256 of the lkc_ secret; empty for public clients
  std::string secret_hint;   // redacted form shown after creation
  // Grants it may use (S43) and the scopes it may ask for.
  std::vector<std::string> grant_types{"authorization_code", "refresh_token"};
  std::vector<std::string> scopes{"global"};
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
};

}  // namespace latchkey::model
