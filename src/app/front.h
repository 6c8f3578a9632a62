// The one http::Handler the server calls: sends each request to the layer that
// owns its path — git over HTTP (git/, /<app>.git/...), the OAuth/OIDC
// endpoints (oauth/), the browser pages (web/) or the Platform API (api/,
// everything else). Only git defers request bodies (it streams them).
// Thread safety: as the handlers it holds (all thread-safe).
#pragma once

#include "api/api_handler.h"
#include "git/git_handler.h"
#include "http/message.h"
#include "oauth/oauth_handler.h"
#include "web/web_handler.h"

namespace latchkey::app {

class FrontHandler final : public http::Handler {
 public:
  FrontHandler(api::ApiHandler& api, oauth::OAuthHandler& oauth, web::WebHandler& web,
               git::GitHandler& git)
      : api_(api), oauth_(oauth), web_(web), git_(git) {}

  bool defers_body(const http::Request& head) const override {
    return git::GitHandler::serves(head.path);
  }

  void handle(http::Request request, http::Respond respond) override {
    if (git::GitHandler::serves(request.path)) return git_.handle(std::move(request), std::move(respond));
    if (oauth::OAuthHandler::serves(request.path)) return oauth_.handle(std::move(request), std::move(respond));
    if (web::WebHandler::serves(request.path)) return web_.handle(std::move(request), std::move(respond));
    api_.handle(std::move(request), std::move(respond));
  }

 private:
  api::ApiHandler& api_;
  oauth::OAuthHandler& oauth_;
  web::WebHandler& web_;
  git::GitHandler& git_;
};

}  // namespace latchkey::app
