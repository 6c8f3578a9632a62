#include "api/views.h"

#include <boost/json.hpp>

namespace latchkey::api {
namespace json = boost::json;
json::value time_or_null(const std::optional<UnixTime>& t) {
  if (!t) return nullptr;
  return json::value(format_time(*t));
}

namespace {

json::value string_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return json::value(s);
}

json::value expires_in(const std::optional<UnixTime>& at, UnixTime now) {
  if (!at) return nullptr;
  return json::value(std::max<std::int64_t>(0, *at - now));
}

}  // namespace

json::object account_json(const model::Account& a) {
  return json::object{
      {"id", a.id},
      {"email", a.email},
      {"name", string_or_null(a.name)},
      {"two_factor_authentication", a.two_factor_enabled},
      {"verified", false},
      {"allow_tracking", false},
      {"beta", false},
      {"federated", false},
      {"suspended_at", nullptr},
      {"delinquent_at", nullptr},
      {"default_organization", nullptr},
      {"default_team", nullptr},
      {"identity_provider", nullptr},
      {"sms_number", nullptr},
      {"country_of_residence", nullptr},
      {"created_at", format_time(a.created_at)},
      {"updated_at", format_time(a.updated_at)},
      {"last_login", time_or_null(a.last_login)},
  };
}

json::object authorization_json(const model::Authorization& a, const model::Account& owner,
                                UnixTime now, std::string_view token) {
  json::array scope;
  for (const auto& s : a.scope) scope.emplace_back(s);
  json::value session = nullptr;
  if (a.session_id) session = json::object{{"id", *a.session_id}};
  json::value client = nullptr;  // a third-party grant: the client it was made for
  if (a.client_id) client = json::object{{"id", *a.client_id}, {"name", a.description}};
  return json::object{
      {"id", a.id},
      {"description", a.description},
      {"scope", std::move(scope)},
      {"access_token",
       json::object{{"id", a.access_token_id},
                    {"token", token.empty() ? json::value(a.token_hint) : json::value(token)},
                    {"expires_in", expires_in(a.expires_at, now)}}},
      {"refresh_token", nullptr},
      {"grant", nullptr},
      {"client", std::move(client)},
      {"session", std::move(session)},
      {"user", json::object{{"id", owner.id}, {"email", owner.email}, {"full_name", string_or_null(owner.name)}}},
      {"api_key", a.is_api_key},
      {"expires_at", time_or_null(a.expires_at)},
      {"created_from_ip", string_or_null(a.created_ip)},
      {"created_from_user_agent", string_or_null(a.created_user_agent)},
      {"last_used_at", time_or_null(a.last_used_at)},
      {"last_used_ip", string_or_null(a.last_used_ip)},
      {"created_at", format_time(a.created_at)},
      {"updated_at", format_time(a.updated_at)},
  };
}

json::object client_json(const model::OAuthClient& c, std::string_view secret) {
  json::value shown = nullptr;
  if (!secret.empty()) shown = json::value(secret);
  else if (!c.secret_hint.empty()) shown = json::value(c.secret_hint);
  return json::object{
      {"id", c.id},
      {"name", c.name},
      {"redirect_uri", c.redirect_uri},
      {"secret", std::move(shown)},
      {"public", c.is_public},
      {"grant_types", json::array(c.grant_types.begin(), c.grant_types.end())},
      {"scopes", json::array(c.scopes.begin(), c.scopes.end())},
      {"ignores_delinquent", false},
      {"created_at", format_time(c.created_at)},
      {"updated_at", format_time(c.updated_at)},
  };
}

json::object session_json(const model::Session& s, const model::Account& owner, UnixTime now) {
  return json::object{
      {"id", s.id},
      {"description", s.description},
      {"kind", s.kind},
      {"expires_in", expires_in(s.expires_at, now)},
      {"ip", string_or_null(s.created_ip)},
      {"user_agent", string_or_null(s.user_agent)},
      {"user", json::object{{"id", owner.id}, {"email", owner.email}}},
      {"created_at", format_time(s.created_at)},
      {"updated_at", format_time(s.updated_at)},
  };
}

}  // namespace latchkey::api
