#include "api/api_handler.h"

#include <algorithm>
#include <memory>

#include "api/error_mapping.h"
#include "api/handlers.h"
#include "auth/token.h"
#include "http/client_ip.h"
#include "http/credentials.h"

namespace latchkey::api {
namespace {

constexpr std::string_view kPoolFull = "hash pool queue full";

constexpr std::string_view kAcceptHint =
    "Please specify a version along with Heroku's API MIME type. For example, "
    "`Accept: application/vnd.heroku+json; version=3`.";

bool accepts_v3(const http::Request& req) {
  auto accept = req.header("accept");
  if (!accept) return false;
  return accept->find("application/vnd.heroku+json") != std::string_view::npos &&
         accept->find("version=3") != std::string_view::npos;
}

Error unauthorized() {
  return Error(ErrorCode::kUnauthorized, std::string(service::kInvalidCredentials));
}

bool scope_ok(const service::Principal& p, NeedScope need) {
  if (need == NeedScope::kGlobal) return p.has_scope("global");
  return !p.authorization.scope.empty();
}

}  // namespace

struct ApiHandler::Pending {
  http::Request request;
  http::Respond respond;
  std::string request_id;
  const Route* route = nullptr;
  Call call;
  http::Credentials credentials;
  std::string rate_key;
  int remaining = -1;

  Pending(http::Request r, http::Respond res)
      : request(std::move(r)), respond(std::move(res)), call{request, {}, std::nullopt, {}, false} {}
};

ApiHandler::ApiHandler(Services services, std::function<void(const std::string&)> log_error)
    : services_(services),
      log_error_(std::move(log_error)),
      db_errors_(services.metrics.counter(
          "latchkey_db_errors_total",
          "Platform API requests failed by a storage error (a service answered 503/500).")),
      hash_rejected_(services.metrics.counter(
          "latchkey_argon2_rejected_total",
          "Requests refused with 503 because the password-hashing queue was full.")) {}

void ApiHandler::handle(http::Request request, http::Respond respond) {
  auto pending = std::make_shared<Pending>(std::move(request), std::move(respond));
  Pending& p = *pending;
  p.request_id = p.request.id.empty() ? new_uuid(services_.random) : p.request.id;
  p.call.info.request_id = p.request_id;
  p.call.info.ip = http::client_ip(p.request, services_.config.server.trusted_proxies);
  p.call.info.user_agent = std::string(p.request.header("user-agent").value_or("")).substr(0, 255);

  auto answer = [&](Result<Reply> r) { p.respond(finish(p, std::move(r))); };

  bool path_exists = false;
  p.route = match_route(p.request.method, p.request.path, p.call.params, path_exists);
  if (!p.route) {
    if (path_exists)
      return answer(fail(Error(ErrorCode::kMethodNotAllowed,
                               "This method is not allowed on " + p.request.path + ".")));
    return answer(fail(not_found("route", "Couldn't find that route.")));
  }
  if (p.route->platform_api && !accepts_v3(p.request))
    return answer(fail(Error(ErrorCode::kNotAcceptable, std::string(kAcceptHint))));

  p.credentials = http::parse_authorization(p.request.header("authorization"));
  bool needs_password = false;
  if (p.route->auth != AuthMode::kNone) {
    using K = http::Credentials::Kind;
    const bool token_like = (p.credentials.kind == K::kBearer || p.credentials.kind == K::kBasic) &&
                            auth::parse_token(p.credentials.secret).has_value();
    if (token_like) {
      auto principal = services_.authenticator.authenticate(p.credentials.secret, p.call.info);
      if (!principal) return answer(fail(principal.error()));
      if (p.credentials.kind == K::kBasic && p.credentials.user.find('@') != std::string::npos &&
          service::AccountService::normalize_email(p.credentials.user) != principal->account.email)
        return answer(fail(unauthorized()));
      p.call.principal = std::move(*principal);
      p.call.via_basic = p.credentials.kind == K::kBasic;
      p.call.info.actor_id = p.call.caller().account.id;
      p.call.info.authorization_id = p.call.caller().authorization.id;
      p.call.info.token_prefix = p.call.caller().authorization.token_hash.substr(0, 8);
      if (!scope_ok(*p.call.principal, p.route->scope))
        return answer(fail(Error(ErrorCode::kForbidden,
                                 "This token lacks the scope this request needs: global.")));
    } else if (p.credentials.kind == K::kBasic && p.route->auth == AuthMode::kTokenOrPassword) {
      needs_password = true;
    } else {
      return answer(fail(unauthorized()));
    }
  }

  if (p.route->rate != RateClass::kNone) {
    p.rate_key = p.call.principal ? "account:" + p.call.caller().account.id : "ip:" + p.call.info.ip;
    if (p.route->rate == RateClass::kCounted) {
      auto outcome = services_.rate_limiter.consume(p.rate_key);
      p.remaining = outcome.remaining;
      if (!outcome.allowed) {
        Error e(ErrorCode::kRateLimited,
                "Your account reached the API rate limit. Please wait a few minutes before "
                "making new requests.");
        e.retry_after = 60;
        return answer(fail(std::move(e)));
      }
    } else {
      p.remaining = services_.rate_limiter.remaining(p.rate_key);
    }
  }

  if (!p.route->offload && !needs_password) return run(p);
  auto job = [this, pending] { run(*pending); };
  if (!services_.hash_pool.try_submit(std::move(job))) {
    hash_rejected_.inc();
    Error e = unavailable(std::string(kPoolFull));
    e.message = "The server is busy. Please try again in a moment.";
    e.retry_after = 1;
    answer(fail(std::move(e)));
  }
}

Status ApiHandler::enrolment_gate(const Pending& p) const {
  if (!services_.config.mfa.required || !p.call.principal) return {};
  if (p.call.caller().account.two_factor_enabled) return {};
  if (p.route->enrol == Enrol::kOpen || (p.route->enrol == Enrol::kSignIn && p.call.via_basic)) return {};
  return fail(Error(ErrorCode::kForbidden, "mfa_enrollment_required", mfa_enrollment_hint(services_, p.call)));
}

Status ApiHandler::authenticate_password(Pending& p) {
  auto account = services_.accounts.verify_password(p.credentials.user, p.credentials.secret,
                                                    p.call.info);
  if (!account) return fail(account.error());
  // With MFA on, a password alone never mints a token (S11): the second factor
  // comes in Heroku-Two-Factor-Code, else 403 two_factor and the CLI prompts.
  if (auto ok = services_.mfa.verify(*account, p.request.header("heroku-two-factor-code").value_or(""),
                                     p.call.info);
      !ok)
    return ok;
  p.call.info.actor_id = account->id;
  services_.accounts.record_login(*account, "password", p.call.info);  // audit login.succeeded (S57)
  service::Principal principal;
  principal.account = std::move(*account);
  principal.authorization.scope = {"global"};  // a password is the whole account
  p.call.principal = std::move(principal);
  p.call.via_basic = true;
  return {};
}

void ApiHandler::run(Pending& p) {
  if (p.route->auth == AuthMode::kTokenOrPassword && !p.call.principal) {
    if (auto ok = authenticate_password(p); !ok) {
      p.respond(finish(p, fail(ok.error())));
      return;
    }
  }
  if (auto ok = enrolment_gate(p); !ok) {
    p.respond(finish(p, fail(ok.error())));
    return;
  }
  Result<Reply> reply = p.route->fn(services_, p.call);
  p.respond(finish(p, std::move(reply)));
}

http::Response ApiHandler::finish(Pending& p, Result<Reply> reply) {
  http::Response r;
  if (reply) {
    r.status = reply->status;
    r.body = std::move(reply->body);
    r.headers = std::move(reply->headers);
    if (!r.get("Content-Type")) r.set("Content-Type", "application/json; charset=utf-8");
  } else {
    if (reply.error().code == ErrorCode::kInternal || reply.error().code == ErrorCode::kUnavailable)
      if (reply.error().detail != kPoolFull) db_errors_.inc();
    if (reply.error().code == ErrorCode::kInternal || reply.error().code == ErrorCode::kUnavailable)
      if (log_error_)
        log_error_("request_id=" + p.request_id + " path=" + p.request.path +
                   " error=" + reply.error().detail);
    r = error_response(reply.error());
  }
  r.set("Request-Id", p.request_id);
  if (p.remaining >= 0) r.set("RateLimit-Remaining", std::to_string(p.remaining));
  r.set("Cache-Control", "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  if (p.request.secure) r.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  const bool is_get = p.request.method == "GET" || p.request.method == "HEAD";
  if (is_get && (r.status == 200 || r.status == 206) && p.route && p.route->platform_api) {
    const std::string etag = "\"" + auth::hash_token(r.body).substr(0, 32) + "\"";
    r.set("ETag", etag);
    auto inm = p.request.header("if-none-match");
    if (inm && (inm->find(etag) != std::string_view::npos || *inm == "*")) {
      r.status = 304;
      r.body.clear();
    }
  }
  return r;
}

}  // namespace latchkey::api
