// /oauth/clients (Heroku "OAuth Client"): the apps an account registers.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/views.h"

namespace latchkey::api {
namespace {

const std::vector<std::string> kFields = {"id", "created_at", "name"};

const std::string& id_param(const Call& call) { return call.params.at(0); }

}  // namespace

Result<Reply> client_list(Services& s, Call& call) {
  auto list = s.clients.list(call.caller().account);
  if (!list) return fail(list.error());
  std::vector<boost::json::object> items;
  for (const auto& c : *list) items.push_back(client_json(c));
  return list_reply(call, std::move(items), kFields);
}

Result<Reply> client_create(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto name = required_string(*body, "name");
  if (!name) return fail(name.error());
  auto redirect_uri = required_string(*body, "redirect_uri");
  if (!redirect_uri) return fail(redirect_uri.error());
  auto is_public = bool_field(*body, "public");
  if (!is_public) return fail(is_public.error());
  auto grant_types = string_list_field(*body, "grant_types");
  if (!grant_types) return fail(grant_types.error());
  auto scopes = string_list_field(*body, "scopes");
  if (!scopes) return fail(scopes.error());
  auto issued = s.clients.create(call.caller().account,
                                 {std::move(*name), std::move(*redirect_uri), is_public->value_or(false),
                                  std::move(*grant_types), std::move(*scopes)},
                                 call.info);
  if (!issued) return fail(issued.error());
  return json_reply(201, client_json(issued->client, issued->secret.reveal()));
}

Result<Reply> client_info(Services& s, Call& call) {
  auto c = s.clients.get(call.caller().account, id_param(call));
  if (!c) return fail(c.error());
  return json_reply(200, client_json(*c));
}

Result<Reply> client_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto name = string_field(*body, "name");
  if (!name) return fail(name.error());
  auto redirect_uri = string_field(*body, "redirect_uri");
  if (!redirect_uri) return fail(redirect_uri.error());
  auto grant_types = string_list_field(*body, "grant_types");
  if (!grant_types) return fail(grant_types.error());
  auto scopes = string_list_field(*body, "scopes");
  if (!scopes) return fail(scopes.error());
  auto c = s.clients.update(call.caller().account, id_param(call),
                            {*name, *redirect_uri, std::move(*grant_types), std::move(*scopes)}, call.info);
  if (!c) return fail(c.error());
  return json_reply(200, client_json(*c));
}

Result<Reply> client_delete(Services& s, Call& call) {
  auto c = s.clients.remove(call.caller().account, id_param(call), call.info);
  if (!c) return fail(c.error());
  return json_reply(200, client_json(*c));
}

// Rotating a client secret is a sensitive action (S22): a second factor with MFA on.
Result<Reply> client_rotate(Services& s, Call& call) {
  if (auto existing = s.clients.get(call.caller().account, id_param(call)); !existing)
    return fail(existing.error());
  if (auto ok = require_second_factor(s, call); !ok) return fail(ok.error());
  auto issued = s.clients.rotate(call.caller().account, id_param(call), call.info);
  if (!issued) return fail(issued.error());
  return json_reply(200, client_json(issued->client, issued->secret.reveal()));
}

}  // namespace latchkey::api
