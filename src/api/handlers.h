// Route handlers, one file per resource. Each reads: parse → call one service →
// map the result. Authentication, scope, rate limits and error mapping happen
// before/after them in api_handler.cc.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "api/routes.h"

namespace latchkey::api {

// health_routes.cc
Result<Reply> livez(Services&, Call&);
Result<Reply> readyz(Services&, Call&);
Result<Reply> metrics_scrape(Services&, Call&);  // metrics_routes.cc
Result<Reply> debug_fault(Services&, Call&);
// account_routes.cc
Result<Reply> account_info(Services&, Call&);
Result<Reply> account_update(Services&, Call&);
Result<Reply> account_create(Services&, Call&);
Result<Reply> account_password(Services&, Call&);
Result<Reply> account_rate_limits(Services&, Call&);
Result<Reply> account_api_key_reveal(Services&, Call&);
Result<Reply> account_delete(Services&, Call&);
Result<Reply> admin_bootstrap(Services&, Call&);
// authorization_routes.cc
Result<Reply> authorization_list(Services&, Call&);
Result<Reply> authorization_create(Services&, Call&);
Result<Reply> authorization_info(Services&, Call&);
Result<Reply> authorization_update(Services&, Call&);
Result<Reply> authorization_delete(Services&, Call&);
Result<Reply> authorization_regenerate(Services&, Call&);
// client_routes.cc
Result<Reply> client_list(Services&, Call&);
Result<Reply> client_create(Services&, Call&);
Result<Reply> client_info(Services&, Call&);
Result<Reply> client_update(Services&, Call&);
Result<Reply> client_delete(Services&, Call&);
Result<Reply> client_rotate(Services&, Call&);
// app_routes.cc
Result<Reply> app_list(Services&, Call&);
Result<Reply> app_create(Services&, Call&);
Result<Reply> team_app_create(Services&, Call&);
Result<Reply> app_info(Services&, Call&);
Result<Reply> app_update(Services&, Call&);
Result<Reply> app_delete(Services&, Call&);
Result<Reply> app_empty_list(Services&, Call&);
Result<Reply> app_restart(Services&, Call&);
Result<Reply> app_pipeline_coupling(Services&, Call&);
Result<Reply> config_vars_info(Services&, Call&);
Result<Reply> config_vars_update(Services&, Call&);
Result<Reply> release_list(Services&, Call&);
Result<Reply> release_info(Services&, Call&);
Result<Reply> collaborator_list(Services&, Call&);
Result<Reply> collaborator_create(Services&, Call&);
Result<Reply> collaborator_info(Services&, Call&);
Result<Reply> collaborator_update(Services&, Call&);
Result<Reply> collaborator_delete(Services&, Call&);
// team_routes.cc
Result<Reply> team_list(Services&, Call&);
Result<Reply> team_create(Services&, Call&);
Result<Reply> team_info(Services&, Call&);
Result<Reply> team_member_list(Services&, Call&);
Result<Reply> team_member_put(Services&, Call&);
Result<Reply> team_member_delete(Services&, Call&);
Result<Reply> team_app_list(Services&, Call&);
Result<Reply> team_app_create_in(Services&, Call&);
Result<Reply> team_permissions(Services&, Call&);
Result<Reply> team_features(Services&, Call&);
// mfa_routes.cc
Result<Reply> mfa_status(Services&, Call&);
Result<Reply> mfa_totp_begin(Services&, Call&);
Result<Reply> mfa_totp_confirm(Services&, Call&);
Result<Reply> mfa_totp_delete(Services&, Call&);
Result<Reply> recovery_codes_info(Services&, Call&);
Result<Reply> recovery_codes_regenerate(Services&, Call&);
// A sensitive action's step-up: with MFA on, a current second factor in
// Heroku-Two-Factor-Code, else 403 two_factor (the stock CLI prompts and retries).
Status require_second_factor(Services&, Call&);
// Re-authentication for a sensitive action: `{"password"}` in the body (Argon2id,
// so the route is offloaded), then require_second_factor; `purpose` names the
// action in the audit trail.
Status reauthenticate(Services&, Call&, std::string_view purpose);
// What an account without MFA is told while mfa.required is on (CLI command
// and dashboard URL).
std::string mfa_enrollment_hint(const Services&, const Call&);
// token_routes.cc
Result<Reply> oauth_token_create(Services&, Call&);
Result<Reply> oauth_token_delete(Services&, Call&);
// leak_routes.cc
Result<Reply> token_leaks_report(Services&, Call&);
// session_routes.cc
Result<Reply> session_list(Services&, Call&);
Result<Reply> session_info(Services&, Call&);
Result<Reply> session_delete(Services&, Call&);

// event_routes.cc (docs/audit.md)
Result<Reply> account_events(Services&, Call&);
Result<Reply> team_events(Services&, Call&);
Result<Reply> admin_events(Services&, Call&);

// Shared helpers for handlers.
Reply json_reply(int status, const boost::json::value& body);
// Lists: applies the request's Range over `fields` (first = default).
Result<Reply> list_reply(const Call& call, std::vector<boost::json::object> items,
                         const std::vector<std::string>& fields);

}  // namespace latchkey::api
