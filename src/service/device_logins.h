// Logins approved in a browser on behalf of another device:
//  - the OAuth 2.0 device authorization grant (RFC 8628; security checklist
//    S48–S51): 8-character user codes from BCDFGHJKLMNPQRSTVWXZ, 15 minutes,
//    ~5 guesses per browser session and a per-IP ceiling, `slow_down` enforced
//    (+5 s, sticky), the device code single-use;
//  - the Heroku CLI's browser login (POST /auth, then a long poll on cli_url):
//    the same grant without a user code, found from the browser_url.
// Both need an explicit Approve from a fully signed-in browser session. For the
// built-in CLI client (kCliClientId) the result is a CLI session (1 year,
// ended by `logout`); for a registered client, an OAuth grant.
// Thread safety: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/oauth_grant.h"
#include "service/deps.h"
#include "service/oauth.h"
#include "service/request_info.h"

namespace latchkey::service {

// The built-in public client of the `latchkey` and `heroku` CLIs.
inline constexpr std::string_view kCliClientId = "latchkey-cli";
// Where POST /auth sends the browser (+ the request id): src/oauth builds the
// URL, src/web serves the page.
inline constexpr std::string_view kCliBrowserPrefix = "/auth/cli/browser/";
inline constexpr int kUserCodeGuessesPerSession = 5;
inline constexpr int kUserCodeGuessesPerIp = 10;

struct DeviceStart {
  model::DeviceGrant grant;
  Secret device_code;  // or the CLI's poll secret
};

class DeviceService {
 public:
  DeviceService(Deps deps, const config::Config& config, OAuthService& oauth)
      : deps_(deps), config_(config), oauth_(oauth) {}

  // The registered client, or the built-in CLI client.
  Result<model::OAuthClient> client(const std::string& id);

  // POST /oauth/device_authorization.
  Result<DeviceStart> start(const ClientCredentials& credentials,
                            const std::optional<std::string>& scope, const RequestInfo& info);
  // POST /auth (Heroku CLI browser login).
  Result<DeviceStart> start_browser_login(std::string description, const RequestInfo& info);

  // The pending request a typed user code names. Wrong codes count per browser
  // session and per IP; past the limits every lookup is kRateLimited (429) for
  // the rest of a code lifetime (S49). kNotFound for a wrong code.
  Result<model::DeviceGrant> lookup_user_code(std::string_view typed, const model::Account& account,
                                              const std::string& session_id, const RequestInfo& info);
  // A pending, unexpired browser login by id (kNotFound otherwise).
  Result<model::DeviceGrant> find_pending(const std::string& id, std::string_view kind);
  // Approve or deny (kGone when already answered or expired).
  Status decide(const model::DeviceGrant& grant, bool approve, const model::Account& account,
                const RequestInfo& info);

  // The token endpoint's device_code grant: authorization_pending, slow_down,
  // access_denied, expired_token, or the tokens (exactly once).
  Result<TokenGrant> poll(const ClientCredentials& credentials, std::string_view device_code,
                          const RequestInfo& info);
  // The Heroku CLI poll: nullopt while pending; the token once approved;
  // kForbidden (denied), kGone (expired or used), kUnauthorized (unknown secret).
  Result<std::optional<Secret>> redeem_browser_login(std::string_view poll_secret,
                                                     const RequestInfo& info);

 private:
  // The built-in CLI client (no secret), or the authenticated registered one;
  // either must be allowed the device grant.
  Result<model::OAuthClient> device_client(const ClientCredentials& credentials);
  Result<TokenGrant> redeem(const model::DeviceGrant& grant, const model::OAuthClient& client,
                            const RequestInfo& info);
  Status guess_budget(const std::string& key, int limit);

  Deps deps_;
  const config::Config& config_;
  OAuthService& oauth_;
};

}  // namespace latchkey::service
