// Alert kinds (docs/alerts.md) and which audit events raise them. The audit
// trail is the outbox: every alert starts as an audit event, so an alert is
// never sent for something that was not recorded.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/audit_event.h"

namespace latchkey::alerts {

inline constexpr std::string_view kNewSignIn = "new_sign_in";
inline constexpr std::string_view kMfaDisabled = "mfa_disabled";
inline constexpr std::string_view kApiKeyRevealed = "api_key_revealed";
inline constexpr std::string_view kApiKeyRegenerated = "api_key_regenerated";
inline constexpr std::string_view kRefreshTokenReuse = "refresh_token_reuse";
inline constexpr std::string_view kAccountLocked = "account_locked";
inline constexpr std::string_view kTokenNewIp = "token_new_ip";
inline constexpr std::string_view kAuthorizationExpiring = "authorization_expiring";
inline constexpr std::string_view kTokenLeaked = "token_leaked";

// Every kind, in documentation order.
std::span<const std::string_view> all_kinds();

// The kind an event raises by itself (everything but new_sign_in, which also
// depends on what the account used before); nullopt if none.
std::optional<std::string_view> kind_of(const model::AuditEvent& event);

// A successful interactive sign-in (browser, CLI login, or a token minted with
// email + password), whose IP and user agent are compared with known ones.
bool is_sign_in(const model::AuditEvent& event);

// The set of enabled kinds from config alerts.kinds ("all" = every kind).
bool kind_enabled(const std::vector<std::string>& configured, std::string_view kind);

// One line for people (e-mail subject, webhook "title").
std::string_view kind_title(std::string_view kind);

}  // namespace latchkey::alerts
