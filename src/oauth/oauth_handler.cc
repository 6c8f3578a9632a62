#include "oauth/oauth_handler.h"

#include <algorithm>

#include <boost/json.hpp>

#include "auth/user_code.h"
#include "core/text.h"
#include "http/client_ip.h"
#include "http/credentials.h"
#include "http/form.h"
#include "oauth/long_poll.h"
#include "service/oauth_errors.h"

namespace latchkey::oauth {
namespace {

namespace json = boost::json;
using service::ClientCredentials;

constexpr std::string_view kCliPollPrefix = "/auth/cli/poll/";

http::Response json_response(int status, const json::value& body) {
  http::Response r;
  r.status = status;
  r.body = json::serialize(body);
  r.set("Content-Type", "application/json; charset=utf-8");
  r.set("Cache-Control", "no-store");
  r.set("Pragma", "no-cache");
  r.set("X-Content-Type-Options", "nosniff");
  return r;
}

// RFC 6749 §5.2 body; invalid_client answers 401 with a Basic challenge when
// the client tried Basic (§5.2), kUnavailable 503 with Retry-After.
http::Response oauth_error(const Error& e, bool via_basic = false) {
  json::object body;
  const int status = http_status(e.code);
  if (e.id.empty()) {
    body["error"] = status >= 500 ? "temporarily_unavailable" : "invalid_request";
  } else {
    body["error"] = e.id;
  }
  if (!e.message.empty()) body["error_description"] = e.message;
  auto r = json_response(status == 404 ? 400 : status, body);
  if (status == 401 && via_basic) r.set("WWW-Authenticate", "Basic realm=\"latchkey\"");
  if (e.retry_after > 0) r.set("Retry-After", std::to_string(e.retry_after));
  return r;
}

// Heroku-style {"id","message"} for the CLI's /auth endpoints.
http::Response heroku_error(const Error& e) {
  json::object body;
  body["id"] = e.id.empty() ? std::string(e.code == ErrorCode::kUnauthorized ? "unauthorized" : "bad_request") : e.id;
  body["message"] = e.message;
  return json_response(http_status(e.code), body);
}

Error bad_request(std::string message) { return Error(ErrorCode::kBadRequest, "invalid_request", std::move(message)); }

// Parses a form body; every OAuth parameter may appear at most once (RFC 6749 §3.2).
Result<http::Form> read_form(const http::Request& req) {
  auto type = req.header("content-type").value_or("");
  if (type.substr(0, type.find(';')) != "application/x-www-form-urlencoded")
    return fail(bad_request("The body must be application/x-www-form-urlencoded."));
  auto form = http::Form::parse(req.body);
  if (!form) return fail(bad_request("The form body is malformed."));
  for (const auto& [k, v] : form->pairs())
    if (form->repeated(k)) return fail(bad_request("Parameter '" + k + "' is repeated."));
  return std::move(*form);
}

std::optional<std::string> param(const http::Form& f, std::string_view name) {
  auto v = f.get(name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

// Client authentication: HTTP Basic (id and secret form-urlencoded, RFC 6749
// §2.3.1) or client_id/client_secret in the body — not both.
Result<ClientCredentials> client_credentials(const http::Request& req, const http::Form& f) {
  ClientCredentials c;
  auto header = req.header("authorization");
  if (header && header->size() >= 6 && (header->substr(0, 6) == "Basic " || header->substr(0, 6) == "basic ")) {
    auto parsed = http::parse_authorization(header);
    if (parsed.kind != http::Credentials::Kind::kBasic) return fail(service::invalid_client("Malformed Basic credentials."));
    auto id = percent_decode(parsed.user, false);
    auto secret = percent_decode(parsed.secret, false);
    if (!id || !secret) return fail(service::invalid_client("Malformed Basic credentials."));
    if (f.has("client_secret")) return fail(bad_request("Use one client authentication method, not two."));
    if (auto body_id = f.get("client_id"); body_id && *body_id != *id)
      return fail(bad_request("client_id differs from the Basic credentials."));
    c.id = std::move(*id);
    c.secret = std::move(*secret);
    c.via_basic = true;
    return c;
  }
  c.id = param(f, "client_id");
  c.secret = param(f, "client_secret");
  return c;
}

// The answer to a Heroku CLI poll once its login is decided: the token, or
// {"error": text} (200; the CLI prints "Error: <text>").
http::Response cli_poll_decided(const Result<std::optional<Secret>>& r) {
  if (!r) return json_response(200, json::object{{"error", r.error().message}});
  // Callers pass only a decided login: an error, or a token (never the pending nullopt).
  return json_response(200, json::object{{"access_token", std::string((**r).reveal())}});  // NOLINT(bugprone-unchecked-optional-access)
}

json::object token_body(const service::TokenGrant& g) {
  json::object body;
  body["access_token"] = std::string(g.access_token.reveal());
  body["token_type"] = "Bearer";
  body["expires_in"] = g.expires_in;
  if (g.refresh_token) body["refresh_token"] = std::string(g.refresh_token->reveal());
  body["scope"] = service::join_scope(g.authorization.scope);
  if (g.id_token) body["id_token"] = *g.id_token;
  body["user_id"] = g.authorization.account_id;  // Heroku's token response carries it
  return body;
}

}  // namespace

OAuthHandler::OAuthHandler(OAuthServices services)
    : s_(services), abuse_limit_(services.config.oauth_rate_limit) {
  auto check = [this](const Secret& secret) -> std::optional<http::Response> {
    auto r = s_.devices.redeem_browser_login(secret.reveal(), {});
    if (!r && r.error().code == ErrorCode::kUnavailable) return std::nullopt;  // keep waiting
    if (r && !*r) return std::nullopt;                                         // still pending
    return cli_poll_decided(r);
  };
  auto timeout = [] {
    json::object body;
    body["id"] = "gateway_timeout";
    body["message"] = "Still waiting for the browser; poll again.";
    return json_response(504, body);
  };
  long_poll_ = std::make_unique<LongPoll>(check, timeout, std::chrono::seconds(45),
                                          std::chrono::milliseconds(500), 1000);
}

OAuthHandler::~OAuthHandler() = default;

void OAuthHandler::release_long_polls() { long_poll_->release(); }

bool OAuthHandler::serves(std::string_view path) {
  return path == "/oauth/token" || path == "/oauth/revoke" || path == "/oauth/introspect" ||
         path == "/oauth/device_authorization" || path == "/oauth/jwks" || path == "/oauth/userinfo" ||
         path.starts_with("/.well-known/") || path == "/auth" || path.starts_with(kCliPollPrefix);
}

void OAuthHandler::handle(http::Request req, http::Respond respond) {
  service::RequestInfo info;
  info.ip = http::client_ip(req, s_.config.server.trusted_proxies);
  info.user_agent = std::string(req.header("user-agent").value_or("")).substr(0, 255);
  info.request_id = req.id;
  const std::string& issuer = s_.oauth.issuer();
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  auto not_allowed = [&] {
    http::Response r = oauth_error(Error(ErrorCode::kMethodNotAllowed, "invalid_request", "Method not allowed."));
    r.status = 405;
    return r;
  };
  const std::string_view path = req.path;

  if (path == "/.well-known/oauth-authorization-server" || path == "/.well-known/openid-configuration") {
    if (!get) return respond(not_allowed());
    json::object m;
    m["issuer"] = issuer;
    m["authorization_endpoint"] = issuer + "/oauth/authorize";
    m["token_endpoint"] = issuer + "/oauth/token";
    m["revocation_endpoint"] = issuer + "/oauth/revoke";
    m["introspection_endpoint"] = issuer + "/oauth/introspect";
    m["device_authorization_endpoint"] = issuer + "/oauth/device_authorization";
    m["userinfo_endpoint"] = issuer + "/oauth/userinfo";
    m["jwks_uri"] = issuer + "/oauth/jwks";
    m["response_types_supported"] = json::array{"code"};
    m["response_modes_supported"] = json::array{"query"};
    m["grant_types_supported"] = json::array{"authorization_code", "refresh_token",
                                             "urn:ietf:params:oauth:grant-type:device_code",
                                             "client_credentials"};
    m["code_challenge_methods_supported"] = json::array{"S256"};
    json::array auth_methods{"client_secret_basic", "client_secret_post", "none"};
    m["token_endpoint_auth_methods_supported"] = auth_methods;
    m["revocation_endpoint_auth_methods_supported"] = auth_methods;
    m["introspection_endpoint_auth_methods_supported"] = json::array{"client_secret_basic", "client_secret_post"};
    m["scopes_supported"] = json::array{"openid", "email", "profile", "global", "identity", "read",
                                        "write", "read-protected", "write-protected"};
    m["subject_types_supported"] = json::array{"public"};
    m["id_token_signing_alg_values_supported"] = json::array{"ES256"};
    m["claims_supported"] = json::array{"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "email", "name"};
    m["authorization_response_iss_parameter_supported"] = true;
    auto r = json_response(200, m);
    r.set("Cache-Control", "public, max-age=300");
    r.set("Access-Control-Allow-Origin", "*");
    return respond(std::move(r));
  }
  if (path == "/oauth/jwks") {
    if (!get) return respond(not_allowed());
    auto jwks = s_.id_tokens.jwks_json();
    if (!jwks) return respond(oauth_error(jwks.error()));
    http::Response r = json_response(200, json::parse(*jwks));
    r.set("Content-Type", "application/jwk-set+json; charset=utf-8");
    r.set("Cache-Control", "public, max-age=300");
    r.set("Access-Control-Allow-Origin", "*");
    return respond(std::move(r));
  }
  if (path == "/oauth/userinfo") {
    if (!get && !post) return respond(not_allowed());
    auto creds = http::parse_authorization(req.header("authorization"));
    auto challenge = [&](std::string error, std::string description, int status) {
      json::object body{{"error", error}, {"error_description", description}};
      auto r = json_response(status, body);
      r.set("WWW-Authenticate", "Bearer error=\"" + error + "\"");
      return r;
    };
    if (creds.kind != http::Credentials::Kind::kBearer)
      return respond(challenge("invalid_token", "A Bearer access token is required.", 401));
    auto principal = s_.authenticator.authenticate(creds.secret, info);
    if (!principal) {
      if (principal.error().code == ErrorCode::kUnavailable) return respond(oauth_error(principal.error()));
      return respond(challenge("invalid_token", "The access token is invalid or expired.", 401));
    }
    const auto& scope = principal->authorization.scope;
    if (std::find(scope.begin(), scope.end(), "openid") == scope.end())
      return respond(challenge("insufficient_scope", "The openid scope is required.", 403));
    json::object body;
    body["sub"] = principal->account.id;
    if (principal->has_scope("email")) {
      body["email"] = principal->account.email;
      body["email_verified"] = false;
    }
    if (principal->has_scope("profile")) body["name"] = principal->account.name;
    return respond(json_response(200, body));
  }
  if (path == "/auth") {
    // Heroku CLI browser login, step 1 (B.2): JSON in, paths out.
    if (!post) return respond(not_allowed());
    std::string description;
    if (!req.body.empty()) {
      boost::system::error_code ec;
      auto v = json::parse(req.body, ec);
      if (ec || !v.is_object()) return respond(heroku_error(Error(ErrorCode::kBadRequest, "bad_request", "The body must be a JSON object.")));
      if (auto* d = v.as_object().if_contains("description"); d && d->is_string()) description = std::string(d->as_string());
    }
    auto started = s_.devices.start_browser_login(description, info);
    if (!started) return respond(heroku_error(started.error()));
    json::object body;
    body["browser_url"] = std::string(service::kCliBrowserPrefix) + started->grant.id;
    body["cli_url"] = std::string(kCliPollPrefix) + started->grant.id;
    body["token"] = std::string(started->device_code.reveal());
    return respond(json_response(201, body));
  }
  if (path.starts_with(kCliPollPrefix)) {
    if (!get) return respond(not_allowed());
    auto creds = http::parse_authorization(req.header("authorization"));
    if (creds.kind != http::Credentials::Kind::kBearer)
      return respond(heroku_error(Error(ErrorCode::kUnauthorized, "unauthorized", "Invalid credentials provided.")));
    auto now = s_.devices.redeem_browser_login(creds.secret, info);
    if (!now && (now.error().code == ErrorCode::kUnauthorized || now.error().code == ErrorCode::kUnavailable))
      return respond(heroku_error(now.error()));
    if (now && !*now) return long_poll_->add(Secret(std::move(creds.secret)), std::move(respond));
    return respond(cli_poll_decided(now));
  }

  // The form-encoded endpoints, parsed once here; those that write run on the
  // write pool, except client_credentials, whose one write is queued without
  // blocking a thread.
  if (!post) return respond(not_allowed());
  // S60: guessing client secrets, codes or refresh tokens from one address
  // empties its bucket; so does creating device grants. Good requests on the
  // other endpoints never take from it.
  const std::string abuse_key = "oauth:" + info.ip;
  const bool device = path == "/oauth/device_authorization";
  if (device ? !abuse_limit_.consume(abuse_key).allowed : abuse_limit_.remaining(abuse_key) <= 0) {
    http::Response r = json_response(429, json::object{{"error", "slow_down"},
                                                      {"error_description", "Too many requests from this address. Please retry later."}});
    r.set("Retry-After", std::to_string(std::max(1, 60 / std::max(1, s_.config.oauth_rate_limit.refill_per_minute))));
    r.set("Cache-Control", "no-store");
    return respond(std::move(r));
  }
  if (!device)
    respond = [this, abuse_key, inner = std::move(respond)](http::Response r) mutable {
      if (r.status == 401 || (r.status == 400 && (r.body.find("\"invalid_client\"") != std::string::npos ||
                                                  r.body.find("\"invalid_grant\"") != std::string::npos)))
        (void)abuse_limit_.consume(abuse_key);
      inner(std::move(r));
    };
  auto form = read_form(req);
  if (path == "/oauth/introspect") return respond(handle_form(req, form, info));
  if (path == "/oauth/token" && client_credentials_async(req, form, info, respond)) return;
  struct Job {
    http::Request request;
    Result<http::Form> form;
    http::Respond respond;
  };
  auto job = std::make_shared<Job>(Job{std::move(req), std::move(form), std::move(respond)});
  if (!s_.write_pool.try_submit([this, job, info] { job->respond(handle_form(job->request, job->form, info)); })) {
    auto r = oauth_error(Error(ErrorCode::kUnavailable, "temporarily_unavailable", "The server is busy. Please retry."));
    r.set("Retry-After", "1");
    job->respond(std::move(r));
  }
}

bool OAuthHandler::client_credentials_async(const http::Request& req, const Result<http::Form>& form,
                                            const service::RequestInfo& info, http::Respond& respond) {
  if (!form || param(*form, "grant_type") != service::kGrantClientCredentials) return false;
  auto creds = client_credentials(req, *form);
  if (!creds) return false;  // handle_form answers it
  // The callback may run on the store's writer thread: it only renders and hands over.
  auto shared = std::make_shared<http::Respond>(std::move(respond));
  s_.oauth.client_credentials_async(
      *creds, param(*form, "scope"), info,
      [shared, basic = creds->via_basic](Result<service::TokenGrant> grant) {
        (*shared)(grant ? json_response(200, token_body(*grant)) : oauth_error(grant.error(), basic));
      });
  return true;
}

http::Response OAuthHandler::handle_form(const http::Request& req, const Result<http::Form>& form,
                                         const service::RequestInfo& info) {
  const std::string& issuer = s_.oauth.issuer();
  const std::string_view path = req.path;
  if (!form) return oauth_error(form.error());
  auto creds = client_credentials(req, *form);
  if (!creds) return oauth_error(creds.error(), true);
  const bool basic = creds->via_basic;

  if (path == "/oauth/token") {
    auto grant_type = param(*form, "grant_type");
    Result<service::TokenGrant> grant = fail(bad_request("grant_type is required."));
    if (!grant_type) {
    } else if (*grant_type == service::kGrantAuthorizationCode) {
      grant = s_.oauth.exchange_code(*creds, form->get("code").value_or(""), param(*form, "redirect_uri"),
                                     param(*form, "code_verifier"), info);
    } else if (*grant_type == service::kGrantRefreshToken) {
      grant = s_.oauth.refresh(*creds, form->get("refresh_token").value_or(""), param(*form, "scope"), info);
    } else if (*grant_type == service::kGrantDeviceCode) {
      grant = s_.devices.poll(*creds, form->get("device_code").value_or(""), info);
    } else {
      grant = fail(Error(ErrorCode::kBadRequest, "unsupported_grant_type",
                         "Supported grants: authorization_code, refresh_token, client_credentials, "
                         "urn:ietf:params:oauth:grant-type:device_code."));
    }
    if (!grant) return oauth_error(grant.error(), basic);
    return json_response(200, token_body(*grant));
  }
  if (path == "/oauth/revoke") {
    auto token = form->get("token");
    if (!token) return oauth_error(bad_request("token is required."), basic);
    auto ok = s_.oauth.revoke(*creds, *token, info);
    if (!ok) return oauth_error(ok.error(), basic);
    return json_response(200, json::object{});
  }
  if (path == "/oauth/introspect") {
    auto token = form->get("token");
    if (!token) return oauth_error(bad_request("token is required."), basic);
    auto result = s_.oauth.introspect(*creds, *token);
    if (!result) return oauth_error(result.error(), basic);
    json::object body;
    body["active"] = result->active;
    if (result->active) {
      const auto& a = result->authorization;
      body["scope"] = service::join_scope(a.scope);
      body["client_id"] = a.client_id.value_or("");
      body["sub"] = result->subject;
      if (result->expires_at) body["exp"] = *result->expires_at;  // NOLINT(bugprone-unchecked-optional-access): checked
      body["iat"] = a.updated_at;
      body["iss"] = issuer;
      body["token_type"] = result->token_type == "access_token" ? "Bearer" : "refresh_token";
    }
    return json_response(200, body);
  }
  if (path == "/oauth/device_authorization") {
    auto started = s_.devices.start(*creds, param(*form, "scope"), info);
    if (!started) return oauth_error(started.error(), basic);
    // DeviceLoginService::start always sets the user code of the grant it creates.
    const std::string display = auth::format_user_code(*started->grant.user_code);  // NOLINT(bugprone-unchecked-optional-access)
    json::object body;
    body["device_code"] = std::string(started->device_code.reveal());
    body["user_code"] = display;
    body["verification_uri"] = issuer + "/device";
    body["verification_uri_complete"] = issuer + "/device?user_code=" + display;
    body["expires_in"] = started->grant.expires_at - started->grant.created_at;
    body["interval"] = started->grant.interval_s;
    return json_response(200, body);
  }
  return oauth_error(Error(ErrorCode::kNotFound, "invalid_request", "Unknown endpoint."));
}

}  // namespace latchkey::oauth
