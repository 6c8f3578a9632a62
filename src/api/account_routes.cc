// /account (Heroku "Account"), sign-up, password change, rate-limit status and
// the first-admin bootstrap.
#include <boost/json.hpp>

#include "api/body.h"
#include "api/handlers.h"
#include "api/views.h"

namespace latchkey::api {

Result<Reply> account_info(Services& s, Call& call) {
  Reply reply = json_reply(200, account_json(call.caller().account));
  // What the stock CLI prints as a warning after `heroku login` (Warning-Message).
  if (s.config.mfa.required && !call.caller().account.two_factor_enabled)
    reply.headers.emplace_back("Warning-Message", mfa_enrollment_hint(s, call));
  return reply;
}

Result<Reply> account_update(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto name_field = string_field(*body, "name");
  if (!name_field) return fail(name_field.error());
  const std::optional<std::string> name = std::move(*name_field);
  if (body->contains("email"))
    return fail(invalid_params("Changing the email address is not supported yet."));
  if (!name) return json_reply(200, account_json(call.caller().account));
  auto updated = s.accounts.update_name(call.caller().account, *name);
  if (!updated) return fail(updated.error());
  return json_reply(200, account_json(*updated));
}

namespace {

Result<service::SignUp> sign_up_params(const boost::json::object& body) {
  service::SignUp req;
  auto email = required_string(body, "email");
  if (!email) return fail(email.error());
  auto password = required_string(body, "password");
  if (!password) return fail(password.error());
  auto name = string_field(body, "name");
  if (!name) return fail(name.error());
  req.email = std::move(*email);
  req.password = std::move(*password);
  req.name = name->value_or("");
  return req;
}

}  // namespace

Result<Reply> account_create(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto req = sign_up_params(*body);
  if (!req) return fail(req.error());
  // The same answer whether or not the email was already registered (S09).
  auto account = s.accounts.sign_up(*req, call.info);
  if (!account) return fail(account.error());
  return json_reply(202, {{"message",
                           "Sign-up accepted. If this email address was not registered yet, its "
                           "account now exists: sign in with it and your password. Otherwise "
                           "nothing changed."}});
}

Result<Reply> account_password(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto current = required_string(*body, "current_password");
  if (!current) return fail(current.error());
  auto replacement = required_string(*body, "password");
  if (!replacement) return fail(replacement.error());
  if (auto ok = require_second_factor(s, call); !ok) return fail(ok.error());
  auto ok = s.accounts.change_password(call.caller().account, *current, *replacement, call.info);
  if (!ok) return fail(ok.error());
  auto fresh = s.store.accounts().find_by_id(call.caller().account.id);
  if (!fresh) return fail(fresh.error());
  return json_reply(200, account_json(*fresh));
}

// Runs on the hashing pool. Re-authentication (password, and the second factor
// when MFA is on); returns the deleted account, as DELETE does everywhere.
Result<Reply> account_delete(Services& s, Call& call) {
  const auto& account = call.caller().account;
  if (auto ok = reauthenticate(s, call, "account.delete"); !ok) return fail(ok.error());
  if (auto ok = s.accounts.delete_account(account, call.info); !ok) return fail(ok.error());
  return json_reply(200, account_json(account));
}

// Runs on the hashing pool: re-authentication with the password (Argon2id),
// plus the second factor when MFA is on.
Result<Reply> account_api_key_reveal(Services& s, Call& call) {
  const auto& account = call.caller().account;
  if (auto ok = reauthenticate(s, call, "api_key.reveal"); !ok) return fail(ok.error());
  auto issued = s.authorizations.reveal_api_key(account, call.info);
  if (!issued) return fail(issued.error());
  return json_reply(200, authorization_json(issued->authorization, account, s.clock.now(),
                                            issued->token.reveal()));
}

Result<Reply> account_rate_limits(Services& s, Call& call) {
  return json_reply(200, {{"remaining", s.rate_limiter.remaining("account:" + call.caller().account.id)}});
}

Result<Reply> admin_bootstrap(Services& s, Call& call) {
  auto body = parse_body(call.request.body);
  if (!body) return fail(body.error());
  auto secret = required_string(*body, "bootstrap_token");
  if (!secret) return fail(secret.error());
  auto req = sign_up_params(*body);
  if (!req) return fail(req.error());
  auto account = s.bootstrap.redeem(*secret, *req, call.info);
  if (!account) return fail(account.error());
  auto out = account_json(*account);
  out["admin"] = true;
  return json_reply(201, out);
}

}  // namespace latchkey::api
