// The git endpoint: smart HTTP (git-http-backend(1)) at /<app>.git/...,
// authenticated by a token — the Basic password (any user name, as netrc and
// credential helpers send) or Bearer — and authorized by AppService: fetch
// needs policy::Action::kGitFetch, push (and the receive-pack advertisement)
// kGitPush. The request body is deferred (http::Handler::defers_body) so
// nothing of an unauthenticated upload is read; an authorized request is
// answered with a CgiJob running `git http-backend` on the app's bare
// repository (repositories.h). After a receive-pack that exited 0 the refs
// are compared with those before it and the deployed branch is recorded
// (AppService::record_deploy: release "Deploy <sha7>" + audit git.push).
//
// Answers git prints: 401 + WWW-Authenticate: Basic (git then asks its
// credential helper), 403 with the reason, 404 for an app the caller may not
// see, 503 when the database is down, 403 for plain HTTP when the server is
// public over https — short text/plain bodies, which git
// shows as "remote: <text>".
//
// Threads: handle() only routes and queues; authentication, authorization,
// repository creation and ref snapshots (database and child processes) run
// on the handler's own worker pool, never on an I/O thread.
// Lifetime: must outlive the http::Server that calls it (CgiJob::on_exit
// callbacks point back here).
// Thread safety: thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/worker_pool.h"
#include "git/git_route.h"
#include "git/repositories.h"
#include "http/message.h"
#include "service/apps.h"
#include "service/authenticator.h"
#include "service/rate_limiter.h"
#include "service/token_failures.h"

namespace latchkey::git {

struct GitServices {
  service::Authenticator& authenticator;
  service::AppService& apps;
  service::RateLimiter& rate_limiter;
  GitRepositories* repos;  // null: git is not installed; every request gets 503
  Random& random;
  // Refused tokens: audited (git.auth_failed) and counted against the per-IP
  // sign-in throttle (S59, S07); null counts nothing (tests).
  service::TokenFailures* failures = nullptr;
};

struct GitSettings {
  std::uint64_t max_body_bytes = 1ull << 30;  // git.max_body_bytes
  std::chrono::milliseconds timeout{600'000};  // git.timeout_s
  std::vector<std::string> trusted_proxies;    // server.trusted_proxies
  bool mfa_required = true;                    // mfa.required: accounts must have enrolled
  // server.public_url is https://: plain-HTTP requests (not forwarded as
  // https by a trusted proxy) are refused, never served or redirected.
  bool require_https = false;
  std::size_t threads = 4;
  std::size_t queue = 256;
};

class GitHandler final : public http::Handler {
 public:
  // `log` gets one line per problem (warnings and errors; never secrets).
  GitHandler(GitServices services, GitSettings settings,
             std::function<void(const std::string&)> log);

  static bool serves(std::string_view path) { return is_git_path(path); }

  bool defers_body(const http::Request& head) const override { return serves(head.path); }
  void handle(http::Request request, http::Respond respond) override;

 private:
  struct Pending;
  void run(Pending& pending);
  std::shared_ptr<http::CgiJob> make_job(const Pending& pending, const service::Principal& principal,
                                         const model::App& app, const service::RequestInfo& info);
  void record_push(const service::Principal& principal, const model::App& app,
                   const RefMap& before, const service::RequestInfo& info,
                   const std::string& request_id);
  void note(const std::string& request_id, std::string_view text) const;
  bool plain_http_refused(const http::Request& request) const;

  GitServices services_;
  const GitSettings settings_;
  std::function<void(const std::string&)> log_;
  // Last: destroyed first, finishing queued jobs while everything they use exists.
  WorkerPool pool_;
};

}  // namespace latchkey::git
