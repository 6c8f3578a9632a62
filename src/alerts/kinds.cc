// Event → alert-kind table (docs/alerts.md lists the same rows).
#include "alerts/kinds.h"

#include <algorithm>
#include <array>

namespace latchkey::alerts {
namespace {

struct Row {
  std::string_view kind;
  std::string_view title;
};

constexpr std::size_t kCount = 9;

constexpr std::array<Row, kCount> kRows = {{
    {kNewSignIn, "New sign-in to your account"},
    {kMfaDisabled, "Two-factor authentication was turned off"},
    {kApiKeyRevealed, "Your API key was revealed"},
    {kApiKeyRegenerated, "Your API key was regenerated"},
    {kRefreshTokenReuse, "A refresh token was reused: the grant was revoked"},
    {kAccountLocked, "Your account was locked after failed sign-ins"},
    {kTokenNewIp, "A token was used from a new IP address"},
    {kAuthorizationExpiring, "An authorization expires soon"},
    {kTokenLeaked, "A leaked token was reported and revoked"},
}};

constexpr std::array<std::string_view, kCount> kNames = [] {
  std::array<std::string_view, kCount> out{};
  for (std::size_t i = 0; i != kCount; ++i) out[i] = kRows[i].kind;
  return out;
}();

}  // namespace

std::span<const std::string_view> all_kinds() { return kNames; }

std::optional<std::string_view> kind_of(const model::AuditEvent& e) {
  const std::string_view a = e.action;
  if (a == "mfa.disabled" || a == "mfa.reset_by_operator") return kMfaDisabled;
  if (a == "api_key.revealed") return kApiKeyRevealed;
  if (a == "api_key.regenerated") return kApiKeyRegenerated;
  if (a == "oauth.refresh_reuse_detected") return kRefreshTokenReuse;
  // The lock itself (not each refused attempt while locked).
  if (a == "account.locked" || a == "login.locked") return kAccountLocked;
  if (a == "token.new_ip") return kTokenNewIp;
  if (a == "authorization.expiring") return kAuthorizationExpiring;
  if (a == "token.leaked_revoked") return kTokenLeaked;
  return std::nullopt;
}

bool is_sign_in(const model::AuditEvent& e) {
  if (e.outcome == "failure" || e.account_id.empty()) return false;
  if (e.action == "session.started" || e.action == "session.cli_login") return true;
  // POST /oauth/authorizations with email + password (heroku login -i): no
  // token was presented, so the event carries no authorization of its own.
  return e.action == "authorization.created" && e.token_prefix.empty();
}

bool kind_enabled(const std::vector<std::string>& configured, std::string_view kind) {
  return std::ranges::any_of(configured,
                             [&](const std::string& k) { return k == "all" || k == kind; });
}

std::string_view kind_title(std::string_view kind) {
  for (const auto& r : kRows)
    if (r.kind == kind) return r.title;
  return "Security alert";
}

}  // namespace latchkey::alerts
