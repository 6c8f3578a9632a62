// The browser pages of sign-in and OAuth (security checklist S17–S25, S37–S38,
// S47, S49–S51): /login (+ second factor), /logout, /signup, /reauth,
// /oauth/authorize (+ consent), /device, the Heroku CLI's browser-login page
// /auth/cli/browser/{id}, and /assets/*. Server-rendered (templates.h), no
// JavaScript needed; every state-changing form is a POST carrying a CSRF token
// bound to the browser session (or, before sign-in, to a pre-session cookie)
// and to what the form acts on; cross-site POSTs are refused outright.
// Argon2 work (password checks) runs on the hashing pool.
// Thread safety: handle() is called concurrently from all I/O threads.
#pragma once

#include <string_view>

#include "auth/secret_box.h"
#include "config/config.h"
#include "core/ip_location.h"
#include "core/random.h"
#include "core/worker_pool.h"
#include "http/message.h"
#include "service/accounts.h"
#include "service/activity.h"
#include "service/apps.h"
#include "service/authorizations.h"
#include "service/browser_sessions.h"
#include "service/clients.h"
#include "service/device_logins.h"
#include "service/mfa.h"
#include "service/oauth.h"
#include "service/sessions.h"
#include "web/templates.h"

namespace latchkey::web {

struct WebServices {
  service::AccountService& accounts;
  service::MfaService& mfa;
  service::BrowserSessionService& sessions;
  service::OAuthService& oauth;
  service::DeviceService& devices;
  const auth::SecretBox& box;
  WorkerPool& hash_pool;
  const config::Config& config;
  Random& random;
  const IpLocator& locator;  // approximate location on device-approval pages (S51)
  // The dashboard (/dashboard/...): the same services as the API.
  service::AuthorizationService& authorizations;
  service::ClientService& clients;
  service::SessionService& login_sessions;  // sign-in sessions (browser and CLI), Heroku's /oauth/sessions
  service::ActivityService& activity;
  service::AppService& apps;    // /dashboard/apps, the same policy as the API
  service::TeamService& teams;  // /dashboard/teams
};

struct PageContext;

class WebHandler final : public http::Handler {
 public:
  explicit WebHandler(WebServices services) : s_(services) {}

  static bool serves(std::string_view path);
  void handle(http::Request request, http::Respond respond) override;

 private:
  http::Response dispatch(PageContext& ctx);
  // sign_in_pages.cc
  http::Response login_form(PageContext& ctx);
  http::Response login_submit(PageContext& ctx);
  http::Response second_factor_form(PageContext& ctx);
  http::Response second_factor_submit(PageContext& ctx);
  http::Response logout(PageContext& ctx);
  http::Response signup_form(PageContext& ctx);
  http::Response signup_submit(PageContext& ctx);
  http::Response reauth_form(PageContext& ctx);
  http::Response reauth_submit(PageContext& ctx);
  http::Response home(PageContext& ctx);
  // authorize_pages.cc
  http::Response authorize(PageContext& ctx);
  http::Response authorize_decision(PageContext& ctx);
  // device_pages.cc
  http::Response device_form(PageContext& ctx);
  http::Response device_lookup(PageContext& ctx);
  http::Response device_decision(PageContext& ctx);
  http::Response cli_login_page(PageContext& ctx);
  http::Response cli_login_decision(PageContext& ctx);
  // dashboard.cc: /dashboard routing; each group below gets the path after
  // "/dashboard" ("/account", "/account/name", ...) and answers 404 itself
  // for what it does not know.
  http::Response dashboard(PageContext& ctx);
  // dashboard_account.cc: name and email, password, API key (/dashboard/account...)
  http::Response dashboard_account(PageContext& ctx, std::string_view rest);
  // dashboard_mfa.cc: second factor enrolment, recovery codes, disable (/dashboard/mfa...)
  http::Response dashboard_mfa(PageContext& ctx, std::string_view rest);
  // dashboard_applications.cc: authorizations, authorized applications, API
  // clients (/dashboard/authorizations..., /dashboard/authorized-applications...,
  // /dashboard/clients...)
  http::Response dashboard_applications(PageContext& ctx, std::string_view rest);
  // dashboard_sessions.cc: sign-in sessions (/dashboard/sessions...) and the
  // account's security events (/dashboard/activity)
  http::Response dashboard_sessions(PageContext& ctx, std::string_view rest);
  http::Response dashboard_activity(PageContext& ctx, std::string_view rest);
  // dashboard_apps.cc: apps, their collaborators, and teams
  // (/dashboard/apps..., /dashboard/teams...)
  http::Response dashboard_apps(PageContext& ctx, std::string_view rest);
  // Approve/deny of a pending device grant of `kind` ("device" | "browser").
  struct Outcome {
    std::string heading;
    std::string message;
  };
  http::Response decide_page(PageContext& ctx, std::string_view kind, const std::string& id,
                             const Outcome& approved, const Outcome& denied);

  WebServices s_;
  Templates templates_;
};

}  // namespace latchkey::web
