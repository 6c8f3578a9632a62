#include "git/git_handler.h"

#include <algorithm>
#include <optional>

#include "git/cgi_env.h"
#include "http/client_ip.h"
#include "http/credentials.h"
#include "service/accounts.h"

namespace latchkey::git {
namespace {

constexpr std::string_view kRealm = "Basic realm=\"Latchkey\"";
constexpr std::string_view kMfaRequired =
    "Your account must turn on multi-factor authentication before it can use git. "
    "Run `latchkey mfa:enable` or use the dashboard.";

http::Response text(int status, std::string_view message, const std::string& request_id) {
  http::Response r;
  r.status = status;
  r.body = std::string(message);
  if (r.body.empty() || r.body.back() != '\n') r.body += '\n';
  r.set("Content-Type", "text/plain; charset=utf-8");
  r.set("Cache-Control", "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Request-Id", request_id);
  return r;
}

// The one mapping from an Error to what git sees.
http::Response error_reply(const Error& e, const std::string& request_id) {
  const int status = http_status(e.code);
  if (status >= 500 && e.code != ErrorCode::kUnavailable)
    return text(500, "Internal server error.", request_id);
  http::Response r = text(status, e.message.empty() ? "Request refused." : e.message, request_id);
  if (e.code == ErrorCode::kUnauthorized) r.set("WWW-Authenticate", std::string(kRealm));
  if (e.code == ErrorCode::kUnavailable || e.code == ErrorCode::kRateLimited ||
      e.code == ErrorCode::kThrottled)
    r.set("Retry-After", std::to_string(e.retry_after > 0 ? e.retry_after : 1));
  return r;
}

Error unauthorized() {
  return Error(ErrorCode::kUnauthorized, std::string(service::kInvalidCredentials));
}

// A token as the Basic password (any user; an email must be the token's
// account, as on the API) or as a Bearer token.
Result<service::Principal> authenticate(service::Authenticator& authenticator,
                                        const http::Request& request,
                                        const service::RequestInfo& info) {
  using K = http::Credentials::Kind;
  const auto creds = http::parse_authorization(request.header("authorization"));
  if ((creds.kind != K::kBasic && creds.kind != K::kBearer) || creds.secret.empty())
    return fail(unauthorized());
  auto principal = authenticator.authenticate(creds.secret, info);
  if (!principal) return fail(principal.error());
  if (creds.kind == K::kBasic && creds.user.find('@') != std::string::npos &&
      service::AccountService::normalize_email(creds.user) != principal->account.email)
    return fail(unauthorized());
  return principal;
}

}  // namespace

struct GitHandler::Pending {
  http::Request request;
  http::Respond respond;
  GitRoute route;
  std::string request_id;
};

GitHandler::GitHandler(GitServices services, GitSettings settings,
                       std::function<void(const std::string&)> log)
    : services_(services),
      settings_(std::move(settings)),
      log_(std::move(log)),
      pool_(settings_.threads, settings_.queue) {}

bool GitHandler::plain_http_refused(const http::Request& request) const {
  if (request.secure || !settings_.require_https) return false;
  const auto& trusted = settings_.trusted_proxies;
  if (std::find(trusted.begin(), trusted.end(), request.remote_addr) != trusted.end())
    return request.header("x-forwarded-proto") != "https";
  return true;
}

void GitHandler::note(const std::string& request_id, std::string_view text) const {
  if (log_) log_("git request_id=" + request_id + ": " + std::string(text));
}

void GitHandler::handle(http::Request request, http::Respond respond) {
  const std::string request_id = request.id.empty() ? new_uuid(services_.random) : request.id;
  GitRoute route = route_git_request(request.method, request.path, request.query);
  if (route.kind == GitRoute::Kind::kNotFound)
    return respond(text(404, "Repository not found. Only the smart HTTP protocol is served.",
                        request_id));
  if (route.kind == GitRoute::Kind::kMethodNotAllowed) {
    auto r = text(405, "Method not allowed.", request_id);
    r.set("Allow", route.allow);
    return respond(std::move(r));
  }
  if (plain_http_refused(request)) {
    return respond(text(403, "git over plain HTTP is refused: use the https:// URL of the app.",
                        request_id));
  }
  if (!services_.repos) {
    auto r = text(503, "git is not available on this server.", request_id);
    r.set("Retry-After", "60");
    return respond(std::move(r));
  }
  auto pending = std::make_shared<Pending>(
      Pending{std::move(request), std::move(respond), std::move(route), request_id});
  if (pool_.try_submit([this, pending] { run(*pending); })) return;
  // Refused: the job was dropped unrun, so the Respond is still ours alone.
  auto r = text(503, "The server is busy. Please try again in a moment.", request_id);
  r.set("Retry-After", "1");
  pending->respond(std::move(r));
}

void GitHandler::run(Pending& p) {
  const GitRoute& route = p.route;
  service::RequestInfo info;
  info.ip = http::client_ip(p.request, settings_.trusted_proxies);
  info.user_agent = std::string(p.request.header("user-agent").value_or("")).substr(0, 255);
  info.request_id = p.request_id;
  // Presented credentials from an IP over the sign-in failure limit are
  // refused before they are looked at, as passwords are (S07, S59); git's
  // first, credential-less request (which fetches the 401 challenge) is not.
  const bool presented = p.request.header("authorization").has_value();
  if (presented && services_.failures)
    if (auto ok = services_.failures->check(info); !ok) return p.respond(error_reply(ok.error(), p.request_id));
  auto principal = authenticate(services_.authenticator, p.request, info);
  if (!principal) {
    if (principal.error().code == ErrorCode::kUnavailable || principal.error().code == ErrorCode::kInternal)
      note(p.request_id, "authentication failed: " + principal.error().detail);
    if (presented && principal.error().code == ErrorCode::kUnauthorized && services_.failures)
      services_.failures->record("git.auth_failed",
                                 http::parse_authorization(p.request.header("authorization")).secret,
                                 info);
    return p.respond(error_reply(principal.error(), p.request_id));
  }
  info.actor_id = principal->account.id;
  info.authorization_id = principal->authorization.id;
  info.token_prefix = principal->authorization.token_hash.substr(0, 8);
  if (settings_.mfa_required && !principal->account.two_factor_enabled)
    return p.respond(text(403, kMfaRequired, p.request_id));
  if (!services_.rate_limiter.consume("account:" + principal->account.id).allowed) {
    Error e(ErrorCode::kRateLimited,
            "Your account reached the API rate limit. Please wait a few minutes before "
            "making new requests.");
    e.retry_after = 60;
    return p.respond(error_reply(e, p.request_id));
  }
  const auto action = route.service == GitService::kReceivePack ? service::policy::Action::kGitPush
                                                                 : service::policy::Action::kGitFetch;
  auto access = services_.apps.authorize(*principal, route.app, action, info);
  if (!access) {
    if (http_status(access.error().code) >= 500)
      note(p.request_id, "authorization failed: " + access.error().detail);
    return p.respond(error_reply(access.error(), p.request_id));
  }
  if (auto repo = services_.repos->ensure(access->app.id); !repo) {
    note(p.request_id, "cannot create the repository: " + repo.error().detail);
    return p.respond(error_reply(repo.error(), p.request_id));
  }
  http::Response r;
  r.set("Request-Id", p.request_id);
  r.cgi = make_job(p, *principal, access->app, info);
  p.respond(std::move(r));
}

std::shared_ptr<http::CgiJob> GitHandler::make_job(const Pending& p,
                                                   const service::Principal& principal,
                                                   const model::App& app,
                                                   const service::RequestInfo& info) {
  GitRepositories& repos = *services_.repos;
  const http::Request& req = p.request;
  auto job = std::make_shared<http::CgiJob>();
  job->argv = {repos.git(), "http-backend"};
  job->env = cgi_env({.project_root = repos.root(),
                      .repository = GitRepositories::directory_name(app.id),
                      .rest = std::string(p.route.rest()),
                      .home = repos.home(),
                      .method = req.method,
                      .query = req.query,
                      .content_type = std::string(req.header("content-type").value_or("")),
                      .content_encoding = std::string(req.header("content-encoding").value_or("")),
                      .git_protocol = std::string(req.header("git-protocol").value_or("")),
                      .remote_user = principal.account.email,
                      .remote_addr = info.ip});
  job->working_dir = repos.root();
  job->spool_dir = repos.spool_dir();
  job->max_body_bytes = settings_.max_body_bytes;
  job->time_limit = settings_.timeout;
  job->log = [this, id = p.request_id](std::string_view line) { note(id, line); };
  if (p.route.service != GitService::kReceivePack || p.route.advertisement) return job;

  // A push: remember the refs now, compare once git receive-pack is done.
  auto before = repos.refs(app.id);
  if (!before) {
    note(p.request_id, "cannot list refs before the push: " + before.error().detail);
    return job;
  }
  job->on_exit = [this, principal, app, before = std::move(*before), info,
                  id = p.request_id](int status) mutable {
    if (status != 0) return;
    // On an I/O thread: the ref listing and the database write go to the pool.
    const bool queued = pool_.try_submit(
        // principal, app and info were captured from const locals: copies (std::move would copy too).
        [this, principal, app, before = std::move(before), info, id] {
          record_push(principal, app, before, info, id);
        });
    if (!queued) note(id, "worker queue full: the push was not recorded as a release");
  };
  return job;
}

void GitHandler::record_push(const service::Principal& principal, const model::App& app,
                             const RefMap& before, const service::RequestInfo& info,
                             const std::string& request_id) {
  auto after = services_.repos->refs(app.id);
  if (!after) return note(request_id, "cannot list refs after the push: " + after.error().detail);
  const auto deployed = deployed_branch(before, *after);
  if (!deployed) return;  // nothing deployable changed (tags, deletions, rejected updates)
  if (auto release = services_.apps.record_deploy(principal, app, deployed->sha, info); !release)
    note(request_id, "cannot record the deploy of " + deployed->sha + ": " + release.error().detail);
}

}  // namespace latchkey::git
