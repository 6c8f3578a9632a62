// /oauth/authorizations (Heroku "OAuth Authorization"); "~" is the API key.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/views.h"

namespace latchkey::api {
namespace {

const std::vector<std::string> kFields = {"id", "created_at", "description"};

const std::string& id_param(const Call& call) { return call.params.at(0); }

}  // namespace

Result<Reply> authorization_list(Services& s, Call& call) {
  const auto& account = call.caller().account;
  auto list = s.authorizations.list(account);
  if (!list) return fail(list.error());
  const UnixTime now = s.clock.now();
  std::vector<boost::json::object> items;
  for (const auto& a : *list) items.push_back(authorization_json(a, account, now));
  return list_reply(call, std::move(items), kFields);
}

Result<Reply> authorization_create(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  service::CreateAuthorization params;
  auto description = string_field(*body, "description");
  if (!description) return fail(description.error());
  auto scope = string_list_field(*body, "scope");
  if (!scope) return fail(scope.error());
  auto expires_in = integer_field(*body, "expires_in");
  if (!expires_in) return fail(expires_in.error());
  params.description = *description;
  params.scope = *scope;
  params.expires_in = *expires_in;
  // Minting with HTTP Basic is a login (`heroku login -i`): it gets a session,
  // so `heroku logout` (DELETE /oauth/sessions/~) ends it.
  const bool login = call.via_basic;
  auto issued = s.authorizations.create(call.caller().account, params, call.info, login);
  if (!issued) return fail(issued.error());
  return json_reply(201, authorization_json(issued->authorization, call.caller().account,
                                            s.clock.now(), issued->token.reveal()));
}

Result<Reply> authorization_info(Services& s, Call& call) {
  auto a = s.authorizations.get(call.caller().account, id_param(call));
  if (!a) return fail(a.error());
  return json_reply(200, authorization_json(*a, call.caller().account, s.clock.now()));
}

Result<Reply> authorization_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto description_field = string_field(*body, "description");
  if (!description_field) return fail(description_field.error());
  const std::optional<std::string> description = std::move(*description_field);
  if (body->contains("client"))
    return fail(invalid_params("Attaching a client to an authorization is not supported yet."));
  Result<model::Authorization> a =
      description ? s.authorizations.update_description(call.caller().account, id_param(call),
                                                        *description, call.info)
                  : s.authorizations.get(call.caller().account, id_param(call));
  if (!a) return fail(a.error());
  return json_reply(200, authorization_json(*a, call.caller().account, s.clock.now()));
}

Result<Reply> authorization_delete(Services& s, Call& call) {
  auto a = s.authorizations.revoke(call.caller().account, id_param(call), call.info);
  if (!a) return fail(a.error());
  return json_reply(200, authorization_json(*a, call.caller().account, s.clock.now()));
}

Result<Reply> authorization_regenerate(Services& s, Call& call) {
  // Regenerating the API key is a sensitive action (a second factor with MFA on).
  auto target = s.authorizations.get(call.caller().account, id_param(call));
  if (!target) return fail(target.error());
  if (target->is_api_key)
    if (auto ok = require_second_factor(s, call); !ok) return fail(ok.error());
  auto issued = s.authorizations.regenerate(call.caller().account, id_param(call), call.info);
  if (!issued) return fail(issued.error());
  return json_reply(200, authorization_json(issued->authorization, call.caller().account,
                                            s.clock.now(), issued->token.reveal()));
}

}  // namespace latchkey::api
