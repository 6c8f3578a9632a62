#include "api/routes.h"

#include "api/handlers.h"
#include "core/text.h"

namespace latchkey::api {
namespace {

using A = AuthMode;
using S = NeedScope;
using R = RateClass;
using E = Enrol;

// clang-format off
const Route kRoutes[] = {
  // method    path                                                   auth                 scope       offload platform rate        no MFA yet   handler
  {"GET",    "/livez",                                                A::kNone,            S::kAny,    false, false, R::kNone,    E::kOpen,    livez},
  {"GET",    "/readyz",                                               A::kNone,            S::kAny,    false, false, R::kNone,    E::kOpen,    readyz},
  {"GET",    "/metrics",                                              A::kNone,            S::kAny,    false, false, R::kNone,    E::kOpen,    metrics_scrape},
  {"GET",    "/debug/fault",                                          A::kToken,           S::kAny,    false, false, R::kNone,    E::kOpen,    debug_fault},
  {"POST",   "/account",                                              A::kNone,            S::kAny,    true,  true,  R::kCounted, E::kOpen,    account_create},
  {"GET",    "/account",                                              A::kToken,           S::kAny,    false, true,  R::kCounted, E::kOpen,    account_info},
  {"PATCH",  "/account",                                              A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  account_update},
  {"DELETE", "/account",                                              A::kToken,           S::kGlobal, true,  true,  R::kCounted, E::kOpen,    account_delete},
  {"PUT",    "/account/password",                                     A::kToken,           S::kGlobal, true,  true,  R::kCounted, E::kNeeded,  account_password},
  {"GET",    "/account/events",                                       A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kOpen,    account_events},
  {"POST",   "/account/api-key/reveal",                               A::kToken,           S::kGlobal, true,  true,  R::kCounted, E::kNeeded,  account_api_key_reveal},
  {"GET",    "/account/rate-limits",                                  A::kToken,           S::kAny,    false, true,  R::kFree,    E::kNeeded,  account_rate_limits},
  {"GET",    "/account/mfa",                                          A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kOpen,    mfa_status},
  {"POST",   "/account/mfa/totp",                                     A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kOpen,    mfa_totp_begin},
  {"POST",   "/account/mfa/totp/confirm",                             A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kOpen,    mfa_totp_confirm},
  {"DELETE", "/account/mfa/totp",                                     A::kToken,           S::kGlobal, true,  true,  R::kCounted, E::kNeeded,  mfa_totp_delete},
  {"GET",    "/account/recovery-codes",                               A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  recovery_codes_info},
  {"POST",   "/account/recovery-codes",                               A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  recovery_codes_regenerate},
  {"GET",    "/account/mfa/recovery-codes",                           A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  recovery_codes_info},
  {"POST",   "/account/mfa/recovery-codes",                           A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  recovery_codes_regenerate},
  {"POST",   "/admin/bootstrap",                                      A::kNone,            S::kAny,    true,  true,  R::kCounted, E::kOpen,    admin_bootstrap},
  {"GET",    "/admin/events",                                         A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  admin_events},
  {"GET",    "/admin/audit",                                          A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  admin_events},
  {"GET",    "/oauth/authorizations",                                 A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  authorization_list},
  {"POST",   "/oauth/authorizations",                                 A::kTokenOrPassword, S::kGlobal, false, true,  R::kCounted, E::kSignIn,  authorization_create},
  {"GET",    "/oauth/authorizations/{id}",                            A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  authorization_info},
  {"PATCH",  "/oauth/authorizations/{id}",                            A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  authorization_update},
  {"DELETE", "/oauth/authorizations/{id}",                            A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  authorization_delete},
  {"POST",   "/oauth/authorizations/{id}/actions/regenerate-tokens",  A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  authorization_regenerate},
  {"GET",    "/oauth/clients",                                        A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_list},
  {"POST",   "/oauth/clients",                                        A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_create},
  {"GET",    "/oauth/clients/{id}",                                   A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_info},
  {"PATCH",  "/oauth/clients/{id}",                                   A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_update},
  {"DELETE", "/oauth/clients/{id}",                                   A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_delete},
  {"POST",   "/oauth/clients/{id}/actions/rotate-credentials",        A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  client_rotate},
  {"POST",   "/oauth/tokens",                                         A::kNone,            S::kAny,    false, true,  R::kCounted, E::kOpen,    oauth_token_create},
  {"DELETE", "/oauth/tokens/{id}",                                    A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  oauth_token_delete},
  {"GET",    "/oauth/sessions",                                       A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  session_list},
  {"GET",    "/oauth/sessions/{id}",                                  A::kToken,           S::kGlobal, false, true,  R::kCounted, E::kNeeded,  session_info},
  // Leaked-token reports: the handler authenticates an operator token or a partner signature.
  {"POST",   "/token-leaks",                                          A::kNone,            S::kAny,    false, false, R::kCounted, E::kOpen,    token_leaks_report},
  {"DELETE", "/oauth/sessions/{id}",                                  A::kToken,           S::kAny,    false, true,  R::kCounted, E::kOpen,    session_delete},
  // Platform resources: scope and role are decided per action by service/policy.h.
  {"GET",    "/apps",                                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_list},
  {"POST",   "/apps",                                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_create},
  {"GET",    "/users/~/apps",                                         A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_list},
  {"GET",    "/apps/{app}",                                           A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_info},
  {"PATCH",  "/apps/{app}",                                           A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_update},
  {"DELETE", "/apps/{app}",                                           A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_delete},
  {"GET",    "/apps/{app}/addons",                                    A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_empty_list},
  {"GET",    "/apps/{app}/dynos",                                     A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_empty_list},
  {"DELETE", "/apps/{app}/dynos",                                     A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_restart},
  {"GET",    "/apps/{app}/pipeline-couplings",                        A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_pipeline_coupling},
  {"GET",    "/apps/{app}/config-vars",                               A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  config_vars_info},
  {"PATCH",  "/apps/{app}/config-vars",                               A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  config_vars_update},
  {"GET",    "/apps/{app}/releases",                                  A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  release_list},
  {"GET",    "/apps/{app}/releases/{release}",                        A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  release_info},
  {"GET",    "/apps/{app}/collaborators",                             A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_list},
  {"POST",   "/apps/{app}/collaborators",                             A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_create},
  {"GET",    "/apps/{app}/collaborators/{user}",                      A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_info},
  {"PATCH",  "/apps/{app}/collaborators/{user}",                      A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_update},
  {"DELETE", "/apps/{app}/collaborators/{user}",                      A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_delete},
  {"POST",   "/teams/apps",                                           A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_app_create},
  {"GET",    "/teams/apps/{app}",                                     A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  app_info},
  {"GET",    "/teams/apps/{app}/collaborators",                       A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_list},
  {"POST",   "/teams/apps/{app}/collaborators",                       A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_create},
  {"GET",    "/teams/apps/{app}/collaborators/{user}",                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_info},
  {"PATCH",  "/teams/apps/{app}/collaborators/{user}",                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_update},
  {"DELETE", "/teams/apps/{app}/collaborators/{user}",                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  collaborator_delete},
  {"GET",    "/teams/permissions",                                    A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_permissions},
  {"GET",    "/teams",                                                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_list},
  {"POST",   "/teams",                                                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_create},
  {"GET",    "/teams/{team}",                                         A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_info},
  {"GET",    "/teams/{team}/members",                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_member_list},
  {"PUT",    "/teams/{team}/members",                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_member_put},
  {"POST",   "/teams/{team}/members",                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_member_put},
  {"PATCH",  "/teams/{team}/members",                                 A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_member_put},
  {"DELETE", "/teams/{team}/members/{user}",                          A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_member_delete},
  {"GET",    "/teams/{team}/apps",                                    A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_app_list},
  {"POST",   "/teams/{team}/apps",                                    A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_app_create_in},
  {"GET",    "/teams/{team}/events",                                  A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_events},
  {"GET",    "/teams/{team}/features",                                A::kToken,           S::kAny,    false, true,  R::kCounted, E::kNeeded,  team_features},
};
// clang-format on

bool match_path(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  while (true) {
    if (pattern.empty() || path.empty()) return pattern.empty() && path.empty();
    if (pattern.front() != '/' || path.front() != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const auto pe = pattern.find('/');
    const auto se = path.find('/');
    const auto pseg = pattern.substr(0, pe);
    const auto sseg = path.substr(0, se);
    if (pseg.size() > 1 && pseg.front() == '{') {
      if (sseg.empty()) return false;
      params.push_back(percent_decode(sseg, /*keep_malformed=*/true).value_or(std::string(sseg)));
    } else if (pseg != sseg) {
      return false;
    }
    pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = se == std::string_view::npos ? std::string_view() : path.substr(se);
  }
}

}  // namespace

std::span<const Route> route_table() { return kRoutes; }

const Route* match_route(std::string_view method, std::string_view path,
                         std::vector<std::string>& params, bool& path_exists) {
  path_exists = false;
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  for (const auto& r : kRoutes) {
    if (!match_path(r.pattern, path, params)) continue;
    path_exists = true;
    if (method == r.method || (method == "HEAD" && std::string_view(r.method) == "GET")) return &r;
  }
  params.clear();
  return nullptr;
}

}  // namespace latchkey::api
