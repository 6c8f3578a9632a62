// GET/POST /oauth/authorize: the authorization endpoint's browser side (S25,
// S37, S38, S41, S47). A bad client or redirect URI is an error page and never
// a redirect; the user signs in before anything is sent back to the client;
// other errors go to the exact registered URI with `error`, `state` and `iss`.
// The consent form posts the original request back with a CSRF token bound to
// the session AND that request, and the request is checked again.
#include "core/text.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {

std::string enc(std::string_view v) { return percent_encode(v, is_unreserved); }

service::AuthorizeParams params_of(const http::Form& q) {
  service::AuthorizeParams p;
  auto take = [&](std::string_view name) -> std::optional<std::string> {
    auto v = q.get(name);
    return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
  };
  p.response_type = take("response_type");
  p.client_id = take("client_id");
  p.redirect_uri = take("redirect_uri");
  p.scope = take("scope");
  p.state = take("state");
  p.code_challenge = take("code_challenge");
  p.code_challenge_method = take("code_challenge_method");
  p.nonce = take("nonce");
  return p;
}

bool repeats(const http::Form& q) {
  for (const auto& [k, v] : q.pairs())
    if (q.repeated(k)) return true;
  return false;
}

std::string callback(const service::AuthorizeTarget& t, const std::string& issuer,
                     const std::vector<std::pair<std::string, std::string>>& params,
                     const std::optional<std::string>& state) {
  std::string url = t.redirect_uri;
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    url += sep + k + "=" + enc(v);
    sep = '&';
  }
  if (state) url += sep + std::string("state=") + enc(*state);
  url += "&iss=" + enc(issuer);
  return url;
}

std::string host_of(std::string_view uri) {
  auto start = uri.find("://");
  if (start == std::string_view::npos) return std::string(uri);
  uri.remove_prefix(start + 3);
  return std::string(uri.substr(0, uri.find_first_of("/?#")));
}

std::string lifetime_text(const service::ValidAuthorize& r, const config::Config& c) {
  const bool refresh = service::allows_grant(r.target.client, service::kGrantRefreshToken);
  std::string hours = std::to_string(c.tokens.access_ttl_s / 3600);
  if (refresh) return "Access tokens last " + hours + " hours and are renewed until you revoke access.";
  return "Access lasts " + hours + " hours.";
}

}  // namespace

http::Response WebHandler::authorize(PageContext& ctx) {
  if (repeats(ctx.query)) return ctx.error_page(400, "Invalid request", "A parameter appears more than once.");
  const auto params = params_of(ctx.query);
  auto target = s_.oauth.check_client(params);
  if (!target) {
    if (target.error().code == ErrorCode::kUnavailable)
      return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
    return ctx.error_page(400, "Invalid authorization request", target.error().message);
  }
  // Authenticate before sending anything back to the client (RFC 9700 §4.11.2).
  if (!ctx.signed_in()) return ctx.to_login();
  const std::string& issuer = s_.oauth.issuer();
  auto request = s_.oauth.check_request(*target, params);
  if (!request) {
    if (request.error().code == ErrorCode::kUnavailable)
      return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
    return ctx.redirect(callback(*target, issuer, {{"error", request.error().id}, {"error_description", request.error().message}},
                                 params.state));
  }
  const auto& account = ctx.signed_in_session().account;
  if (s_.config.mfa.required && !account.two_factor_enabled)
    return ctx.error_page(403, "Multi-factor authentication required",
                          "Set up multi-factor authentication before you authorize applications.");
  auto consented = s_.oauth.has_consent(account, *request);
  if (!consented) return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  if (*consented) {
    auto code = s_.oauth.issue_code(account, *request, ctx.signed_in_session().session.authenticated_at.value_or(0), ctx.info);
    if (!code) return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
    return ctx.redirect(callback(request->target, issuer, {{"code", std::string(code->reveal())}}, request->state));
  }
  ctemplate::TemplateDictionary d("consent");
  d.SetValue("ACTION", "/oauth/authorize");
  d.SetValue("CSRF", ctx.csrf_token("authorize|" + ctx.request.query));
  d.SetValue("REQUEST_ID", ctx.request.query);
  d.SetValue("CLIENT_NAME", request->target.client.name);
  d.SetValue("REDIRECT_HOST", host_of(request->target.redirect_uri));
  for (const auto& scope : request->scope) {
    auto* row = d.AddSectionDictionary("SCOPE");
    row->SetValue("SCOPE_NAME", scope);
    row->SetValue("SCOPE_DESCRIPTION", std::string(service::describe_scope(scope)));
  }
  d.SetValue("LIFETIME", lifetime_text(*request, s_.config));
  // Chrome checks form-action against the redirect after the POST (see the
  // checklist's gotcha): allow exactly the client's origin on this page.
  if (auto o = form_action_origin(request->target.redirect_uri)) ctx.form_action_origins.push_back(*o);
  return ctx.page(200, "consent", d, "Authorize " + request->target.client.name);
}

http::Response WebHandler::authorize_decision(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.error_page(401, "Signed out", "Your session ended. Start again from the application.");
  const std::string request_id(ctx.form.get("request_id").value_or(""));
  if (!ctx.csrf_ok("authorize|" + request_id))
    return ctx.error_page(403, "Request refused", "This approval form expired or came from another site.");
  auto query = http::Form::parse(request_id);
  if (!query || repeats(*query)) return ctx.error_page(400, "Invalid request", "The authorization request is malformed.");
  const auto params = params_of(*query);
  auto target = s_.oauth.check_client(params);
  if (!target) return ctx.error_page(400, "Invalid authorization request", target.error().message);
  const std::string& issuer = s_.oauth.issuer();
  auto request = s_.oauth.check_request(*target, params);
  if (!request)
    return ctx.redirect(callback(*target, issuer, {{"error", request.error().id}, {"error_description", request.error().message}},
                                 params.state));
  if (auto o = form_action_origin(request->target.redirect_uri)) ctx.form_action_origins.push_back(*o);
  const auto& account = ctx.signed_in_session().account;
  if (ctx.form.get("decision") != "approve")
    return ctx.redirect(callback(request->target, issuer,
                                 {{"error", "access_denied"}, {"error_description", "The user denied the request."}},
                                 request->state));
  if (s_.config.mfa.required && !account.two_factor_enabled)
    return ctx.error_page(403, "Multi-factor authentication required",
                          "Set up multi-factor authentication before you authorize applications.");
  if (auto ok = s_.oauth.record_consent(account, *request, ctx.info); !ok)
    return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  auto code = s_.oauth.issue_code(account, *request, ctx.signed_in_session().session.authenticated_at.value_or(0), ctx.info);
  if (!code) return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  return ctx.redirect(callback(request->target, issuer, {{"code", std::string(code->reveal())}}, request->state));
}

}  // namespace latchkey::web
