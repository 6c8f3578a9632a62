// The single route table (Redis-style): method, path pattern, how the caller
// authenticates, which scope it needs, whether the handler runs on the hashing
// pool, and its rate-limit class. Dispatch, permissions and docs/api.md follow it.
// Thread safety: the table is immutable; handlers are thread-safe.
#pragma once

#include <atomic>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "core/random.h"
#include "core/result.h"
#include "core/worker_pool.h"
#include "http/message.h"
#include "service/accounts.h"
#include "service/activity.h"
#include "service/apps.h"
#include "service/authenticator.h"
#include "service/authorizations.h"
#include "service/bootstrap.h"
#include "service/clients.h"
#include "service/mfa.h"
#include "service/oauth.h"
#include "service/principal.h"
#include "service/rate_limiter.h"
#include "service/sessions.h"
#include "service/token_leaks.h"
#include "store/store.h"

namespace latchkey::api {

// What handlers may use. Built once by src/app.
struct Services {
  service::AccountService& accounts;
  service::AuthorizationService& authorizations;
  service::SessionService& sessions;
  service::MfaService& mfa;
  service::ClientService& clients;
  service::OAuthService& oauth;
  service::AppService& apps;
  service::TeamService& teams;
  service::Authenticator& authenticator;
  service::BootstrapService& bootstrap;
  service::RateLimiter& rate_limiter;
  WorkerPool& hash_pool;
  store::Store& store;
  const config::Config& config;
  const Clock& clock;
  Random& random;
  std::atomic<bool>& shutting_down;
  metrics::Registry& metrics;
  service::ActivityService& activity;  // the audit trail's reads (event_routes.cc)
  service::TokenLeakService& leaks;  // leaked-token reports (leak_routes.cc)
};

enum class AuthMode {
  kNone,              // anyone
  kToken,             // Bearer, or Basic with a token as the password
  kTokenOrPassword,   // also Basic email:password (minting an authorization = a login)
};

// The scope a token needs. kAny: any valid scope (identity is the least); kGlobal: global.
enum class NeedScope { kAny, kGlobal };

enum class RateClass { kNone, kFree, kCounted };

// While mfa.required is on, what an account without MFA may do (S11.3):
// kNeeded answers 403 mfa_enrollment_required; kOpen is allowed (reading the
// account, enrolling, signing out); kSignIn is allowed when it is a sign-in
// (HTTP Basic: `login -i`), so users can log in to enrol.
enum class Enrol { kNeeded, kOpen, kSignIn };

struct Call {
  const http::Request& request;
  std::vector<std::string> params;  // path parameters, percent-decoded, in order
  std::optional<service::Principal> principal;
  service::RequestInfo info;
  bool via_basic = false;  // authenticated by HTTP Basic (a login)

  // The authenticated caller. The router runs a route whose auth is not
  // AuthMode::kNone only once `principal` is set, so routes of those kinds
  // use this; kNone routes test `principal` themselves.
  const service::Principal& caller() const {
    return *principal;  // NOLINT(bugprone-unchecked-optional-access): set by the router, see above
  }
};

struct Reply {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
};

using RouteFn = Result<Reply> (*)(Services&, Call&);

struct Route {
  const char* method;
  const char* pattern;  // segments; "{x}" captures one segment
  AuthMode auth;
  NeedScope scope;
  bool offload;        // runs on the hashing pool (Argon2id inside)
  bool platform_api;   // requires the Heroku v3 Accept header
  RateClass rate;
  Enrol enrol;
  RouteFn fn;
};

std::span<const Route> route_table();

// Matches method + path; fills params. nullptr if none. `path_exists` tells a
// 405-worthy miss (path known, method not) apart from a 404.
const Route* match_route(std::string_view method, std::string_view path,
                         std::vector<std::string>& params, bool& path_exists);

}  // namespace latchkey::api
