// An OAuth authorization as Heroku models it: one bearer token with a
// description, scopes and an optional expiry, owned by an account. The account's
// API key is the authorization with is_api_key = true ("~" in paths).
// Only the SHA-256 of the token is stored; the API key alone is additionally kept
// encrypted with the server key so it can be revealed after re-authentication.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace latchkey::model {

struct Authorization {
  std::string id;                 // uuid
  std::string account_id;
  std::string description;
  std::vector<std::string> scope;
  std::string access_token_id;    // uuid, changes on rotation
  std::string token_hash;         // lowercase hex SHA-256 of the full token
  std::string token_hint;         // redacted form "<first 8>**********<last 4>"
  std::string token_encrypted;    // base64 AEAD box; API key only, else empty
  bool is_api_key = false;
  std::optional<std::string> session_id;
  std::optional<std::string> client_id;
  std::optional<UnixTime> expires_at;  // absent = never
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::string created_ip;
  std::string created_user_agent;
  std::optional<UnixTime> last_used_at;
  std::string last_used_ip;
};

}  // namespace latchkey::model
