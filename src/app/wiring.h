// The composition root: Config → Store → services → routes → server. Only
// src/app (and tests) know the concrete store.
// Thread safety: built once on the main thread; members are thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "alerts/dispatcher.h"
#include "alerts/sender.h"
#include "api/routes.h"
#include "web/web_handler.h"
#include "auth/secret_box.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/ip_location.h"
#include "core/metrics.h"
#include "core/random.h"
#include "core/worker_pool.h"
#include "git/repositories.h"
#include "service/accounts.h"
#include "service/activity.h"
#include "service/apps.h"
#include "service/authenticator.h"
#include "service/authorizations.h"
#include "service/bootstrap.h"
#include "service/browser_sessions.h"
#include "service/clients.h"
#include "service/device_logins.h"
#include "service/id_tokens.h"
#include "service/login_throttle.h"
#include "service/token_failures.h"
#include "service/mfa.h"
#include "service/oauth.h"
#include "service/rate_limiter.h"
#include "service/service_metrics.h"
#include "service/sessions.h"
#include "service/token_cache.h"
#include "service/token_leaks.h"
#include "store/store.h"

namespace latchkey::app {

struct Wiring {
  config::Config config;
  SystemClock clock;
  SodiumRandom random;
  // Before everything that counts into it, so it outlives them (GET /metrics).
  metrics::Registry metrics;
  std::unique_ptr<service::ServiceMetrics> service_metrics;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<auth::SecretBox> box;
  std::unique_ptr<service::TokenCache> cache;
  std::unique_ptr<service::ClientCache> client_cache;
  std::unique_ptr<WorkerPool> hash_pool;
  std::unique_ptr<WorkerPool> write_pool;  // OAuth endpoints that write (group commit)
  std::unique_ptr<service::LoginThrottle> throttle;
  std::unique_ptr<service::AuthorizationService> authorizations;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<service::SessionService> sessions;
  std::unique_ptr<service::MfaService> mfa;
  std::unique_ptr<service::ClientService> clients;
  std::unique_ptr<service::Authenticator> authenticator;
  std::unique_ptr<service::BootstrapService> bootstrap;
  std::unique_ptr<service::RateLimiter> rate_limiter;
  std::unique_ptr<service::BrowserSessionService> browser_sessions;
  std::unique_ptr<service::IdTokens> id_tokens;
  std::unique_ptr<service::OAuthService> oauth;
  std::unique_ptr<service::DeviceService> devices;
  std::unique_ptr<service::ActivityService> activity;
  std::unique_ptr<service::TokenFailures> token_failures;  // git auth failures (S59)
  std::unique_ptr<git::GitRepositories> repos;  // null: no git on PATH (git answers 503)
  std::string git_problem;                      // why repos is null, for the log
  std::unique_ptr<service::AppService> apps;
  std::unique_ptr<service::TeamService> teams;
  std::unique_ptr<service::TokenLeakService> leaks;
  std::unique_ptr<alerts::CurlSender> alert_sender;
  std::unique_ptr<alerts::Dispatcher> alerts;  // after store: stopped and gone before it
  std::unique_ptr<IpLocator> locator;
  std::string locator_problems;  // GeoIP files that could not be opened, for the log
  // The OAuth issuer (server.public_url, or the listening URL once known).
  std::string issuer;
  std::atomic<bool> shutting_down{false};

  // Queued hashing jobs use the services: finish them before anything else goes.
  ~Wiring() {
    hash_pool.reset();
    write_pool.reset();
  }

  service::Deps deps() { return {*store, clock, random, *cache, service_metrics.get()}; }
  api::Services services();
  web::WebServices web_services();
};

// Opens the data directory (created 0700 if missing), the SQLite store and the
// server key, and builds every service. Errors are for the operator.
Result<std::unique_ptr<Wiring>> build(config::Config config);

unsigned hardware_threads();
// "https://host:port/path" -> "host:port".
std::string url_authority(std::string_view url);

}  // namespace latchkey::app
