// Heroku's JSON token endpoint (Platform API "OAuth Token"): POST /oauth/tokens
// exchanges an authorization code or a refresh token, DELETE /oauth/tokens/{id}
// revokes one of the caller's tokens. The rules are the OAuth server's
// (service/oauth.h), exactly as at the form-encoded POST /oauth/token.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/views.h"

namespace latchkey::api {
namespace {

namespace json = boost::json;

std::optional<std::string> nested_string(const json::object& o, std::string_view outer, std::string_view inner) {
  auto* v = o.if_contains(outer);
  if (!v || !v->is_object()) return std::nullopt;
  auto* w = v->as_object().if_contains(inner);
  if (!w || !w->is_string()) return std::nullopt;
  return std::string(w->as_string());
}

}  // namespace

Result<Reply> oauth_token_create(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  service::ClientCredentials creds;
  creds.id = nested_string(*body, "client", "id");
  creds.secret = nested_string(*body, "client", "secret");
  const auto type = nested_string(*body, "grant", "type").value_or("");
  Result<service::TokenGrant> grant = fail(invalid_params("grant.type must be authorization_code or refresh_token."));
  if (type == "authorization_code") {
    auto code = nested_string(*body, "grant", "code");
    if (!code) return fail(invalid_params("grant.code is required."));
    grant = s.oauth.exchange_code(creds, *code, std::nullopt, nested_string(*body, "grant", "code_verifier"), call.info);
  } else if (type == "refresh_token") {
    auto token = nested_string(*body, "refresh_token", "token");
    if (!token) return fail(invalid_params("refresh_token.token is required."));
    grant = s.oauth.refresh(creds, *token, std::nullopt, call.info);
  }
  if (!grant) return fail(grant.error());  // the OAuth id (invalid_grant, …) stays the Heroku id
  const service::TokenGrant& g = *grant;
  const auto& a = g.authorization;
  json::object out{
      {"id", a.access_token_id},
      {"access_token", json::object{{"id", a.access_token_id},
                                    {"token", std::string(g.access_token.reveal())},
                                    {"expires_in", g.expires_in}}},
      {"refresh_token", g.refresh_token
                            ? json::value(json::object{{"id", a.id},
                                                       {"token", std::string(g.refresh_token->reveal())},
                                                       {"expires_in", nullptr}})
                            : json::value(nullptr)},
      {"authorization", json::object{{"id", a.id}}},
      {"client", json::object{{"id", a.client_id.value_or("")}}},
      {"grant", json::object{{"type", type}}},
      {"session", nullptr},
      {"user", json::object{{"id", a.account_id}}},
      {"created_at", format_time(a.created_at)},
      {"updated_at", format_time(a.updated_at)},
  };
  return json_reply(201, out);
}

Result<Reply> oauth_token_delete(Services& s, Call& call) {
  const auto& id = call.params.at(0);
  auto list = s.authorizations.list(call.caller().account);
  if (!list) return fail(list.error());
  for (const auto& a : *list) {
    if (a.access_token_id != id && a.id != id) continue;
    auto removed = s.authorizations.revoke(call.caller().account, a.id, call.info);
    if (!removed) return fail(removed.error());
    return json_reply(200, json::object{{"id", removed->access_token_id},
                                        {"authorization", json::object{{"id", removed->id}}}});
  }
  return fail(not_found("oauth-token", "Couldn't find that OAuth token."));
}

}  // namespace latchkey::api
