// The OAuth 2.0 server's short-lived state: authorization codes, refresh
// tokens, remembered consent, device/browser login grants and ID-token signing
// keys. Plain data; the rules live in service/oauth*.h. Every secret is held
// only as the hex SHA-256 of its value.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace latchkey::model {

struct AuthorizationCode {
  std::string code_hash;
  std::string client_id;
  std::string account_id;
  std::string redirect_uri;  // the exact string the authorization request carried
  std::vector<std::string> scope;
  std::string code_challenge;  // S256 challenge; empty = none was sent
  std::string nonce;           // OIDC; empty = none
  UnixTime auth_time = 0;      // when the user last signed in (ID token auth_time)
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
  std::optional<UnixTime> used_at;
  std::optional<std::string> authorization_id;  // what the redemption produced
};

// One refresh token of a family; the family is the authorization it refreshes.
struct RefreshToken {
  std::string token_hash;
  std::string authorization_id;
  std::string account_id;  // the authorization's owner
  std::string client_id;
  UnixTime created_at = 0;
  UnixTime family_expires_at = 0;  // absolute lifetime of the whole family
  std::optional<UnixTime> used_at;
};

struct Consent {
  std::string account_id;
  std::string client_id;
  std::vector<std::string> scope;
  UnixTime created_at = 0;
};

// A login approved in a browser on behalf of another device: an RFC 8628
// device grant (kind "device", user_code set) or a Heroku CLI browser login
// (kind "browser").
struct DeviceGrant {
  std::string id;  // uuid
  std::string kind;
  std::string secret_hash;               // of the device code / CLI poll secret
  std::optional<std::string> user_code;  // normalised, 8 characters
  std::string client_id;
  std::vector<std::string> scope;
  std::string description;
  std::string requester_ip;
  std::string requester_ua;
  UnixTime created_at = 0;
  UnixTime expires_at = 0;
  int interval_s = 5;
  std::optional<UnixTime> last_poll_at;
  std::string status = "pending";  // pending | approved | denied | redeemed
  std::optional<std::string> account_id;
  std::optional<UnixTime> decided_at;
};

struct SigningKeyRecord {
  std::string kid;
  std::string private_sealed;  // PKCS#8 PEM sealed with the server key
  std::string public_jwk;      // JSON
  UnixTime created_at = 0;
  std::optional<UnixTime> retired_at;
};

}  // namespace latchkey::model
