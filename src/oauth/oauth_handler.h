// The standard OAuth 2.0 / OpenID Connect endpoints (RFC 6749, 7009, 7662,
// 8414, 8628; OIDC Core and Discovery) and the Heroku CLI's browser-login
// endpoints (POST /auth and its long poll). Form-encoded requests, JSON
// answers with `Cache-Control: no-store`; errors as {"error",
// "error_description"} (Heroku-style {"id","message"} on the /auth pair, which
// the heroku CLI reads). The rules live in service/oauth.h and
// service/device_logins.h; this file only parses and renders.
// Thread safety: handle() is called concurrently from all I/O threads.
#pragma once

#include <memory>
#include <string_view>

#include "config/config.h"
#include "core/random.h"
#include "core/worker_pool.h"
#include "http/form.h"
#include "http/message.h"
#include "service/authenticator.h"
#include "service/device_logins.h"
#include "service/id_tokens.h"
#include "service/oauth.h"
#include "service/rate_limiter.h"

namespace latchkey::oauth {

struct OAuthServices {
  service::OAuthService& oauth;
  service::DeviceService& devices;
  service::Authenticator& authenticator;
  service::IdTokens& id_tokens;
  const config::Config& config;
  Random& random;
  // Runs the endpoints that write (token, revoke, device authorization) off
  // the I/O threads, so that many of them wait for one group commit together.
  WorkerPool& write_pool;
};

class LongPoll;

class OAuthHandler final : public http::Handler {
 public:
  explicit OAuthHandler(OAuthServices services);
  ~OAuthHandler() override;

  // Whether this handler serves `path` (the front dispatcher asks).
  static bool serves(std::string_view path);
  void handle(http::Request request, http::Respond respond) override;
  // Shutdown: held CLI login polls are answered now ("poll again").
  void release_long_polls();

 private:
  // The form-encoded endpoints (token, revoke, introspect, device
  // authorization), given the request's form as parsed once by handle().
  // Every grant but client_credentials (client_credentials_async answers all
  // of those that get as far as a grant).
  http::Response handle_form(const http::Request& request, const Result<http::Form>& form,
                             const service::RequestInfo& info);
  // POST /oauth/token with grant_type=client_credentials and well-formed
  // client credentials, answered without the write pool (see
  // OAuthService::client_credentials_async). False, with `respond`
  // untouched, for anything else (handle_form answers it).
  bool client_credentials_async(const http::Request& request, const Result<http::Form>& form,
                                const service::RequestInfo& info, http::Respond& respond);

  OAuthServices s_;
  std::unique_ptr<LongPoll> long_poll_;
  // Per-IP abuse limit on the form endpoints (config oauth_rate_limit, S60).
  service::RateLimiter abuse_limit_;
};

}  // namespace latchkey::oauth
