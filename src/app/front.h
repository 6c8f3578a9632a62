// The one http::Handler the server calls: sends each request to the layer that
// owns its path — the OAuth/OIDC endpoints (oauth/), the browser pages (web/)
// or the Platform API (api/, everything else).
// Thread safety: as the handlers it holds (all thread-safe).
#pragma once

#include "api/api_handler.h"
#include "http/message.h"
#include "oauth/oauth_handler.h"
#include "web/web_handler.h"

namespace latchkey::app {

class FrontHandler final : public http::Handler {
 public:
  FrontHandler(api::ApiHandler& api, oauth::OAuthHandler& oauth, web::WebHandler& web)
      : api_(api), oauth_(oauth), web_(web) {}

  void handle(http::Request request, http::Respond respond) override {
    if (oauth::OAuthHandler::serves(request.path)) return oauth_.handle(std::move(request), std::move(respond));
    if (web::WebHandler::serves(request.path)) return web_.handle(std::move(request), std::move(respond));
    api_.handle(std::move(request), std::move(respond));
  }

 private:
  api::ApiHandler& api_;
  oauth::OAuthHandler& oauth_;
  web::WebHandler& web_;
};

}  // namespace latchkey::app
