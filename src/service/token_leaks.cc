#include "service/token_leaks.h"

#include <limits>

#include "auth/token.h"
#include "core/json_text.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

constexpr std::string_view kRevoked = "revoked";
constexpr std::string_view kInactive = "already_inactive";
constexpr std::string_view kUnknown = "unknown";
constexpr UnixTime kNever = std::numeric_limits<UnixTime>::max();  // no expiry

std::string_view kind_name(auth::TokenKind k) {
  switch (k) {
    case auth::TokenKind::kApiKey: return "api_key";
    case auth::TokenKind::kAccess: return "access_token";
    case auth::TokenKind::kRefresh: return "refresh_token";
    case auth::TokenKind::kClientSecret: return "client_secret";
    case auth::TokenKind::kDeviceCode: return "device_code";
    case auth::TokenKind::kSession: return "session";
    case auth::TokenKind::kAuthCode: return "authorization_code";
  }
  return "";
}

bool missing(const Error& e) { return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kGone; }

}  // namespace

model::AuditEvent TokenLeakService::leak_event(const std::string& account_id, const LeakReport& r,
                                               std::string_view kind, const RequestInfo& info,
                                               std::string_view reporter) {
  // Never the token: its kind, where it was found and who reported it.
  const std::string detail = "{\"kind\":" + json_quote(kind) + ",\"url\":" +
                             json_quote(r.url.substr(0, 2048)) + ",\"source\":" +
                             json_quote(r.source.substr(0, 100)) + ",\"reporter\":" +
                             json_quote(reporter) + "}";
  auto e = audit_event(deps_, account_id, "token.leaked_revoked", info, detail);
  // The leaked token, not the caller's: its hash prefix identifies it.
  e.token_prefix = auth::hash_token(r.token).substr(0, 8);
  e.authorization_id.clear();
  return e;
}

Status TokenLeakService::record(const std::string& account_id, const std::string& authorization_id,
                                const LeakReport& r, std::string_view kind, const RequestInfo& info,
                                std::string_view reporter) {
  auto e = leak_event(account_id, r, kind, info, reporter);
  e.authorization_id = authorization_id;
  return deps_.store.audit().append(e);
}

Result<LeakOutcome> TokenLeakService::handle(const LeakReport& r, const RequestInfo& info,
                                             std::string_view reporter) {
  LeakOutcome out{auth::redact_token(r.token), "", "invalid"};
  const auto kind = auth::parse_token(r.token);
  if (!kind) return out;  // garbage: no lookup at all
  out.kind = std::string(kind_name(*kind));
  const std::string hash = auth::hash_token(r.token);
  const UnixTime now = deps_.clock.now();
  auto done = [&](std::string_view status) {
    out.status = std::string(status);
    return Result<LeakOutcome>(out);
  };
  auto& store = deps_.store;
  switch (*kind) {
    case auth::TokenKind::kApiKey:
    case auth::TokenKind::kAccess: {
      auto authz = store.authorizations().find_by_token_hash(hash);
      if (!authz) return missing(authz.error()) ? done(kUnknown) : fail(authz.error());
      if (authz->expires_at.value_or(kNever) <= now) return done(kInactive);
      auto account = store.accounts().find_by_id(authz->account_id);
      if (!account) return missing(account.error()) ? done(kInactive) : fail(account.error());
      if (authz->is_api_key) {
        auto again = authorizations_.regenerate(*account, std::string(kApiKeyId), info);
        if (!again) return fail(again.error());  // the new key is not shown to the reporter
      } else if (auto gone = authorizations_.revoke(*account, authz->id, info); !gone) {
        return missing(gone.error()) ? done(kInactive) : fail(gone.error());
      }
      if (auto ok = record(account->id, authz->id, r, out.kind, info, reporter); !ok)
        return fail(ok.error());
      return done(kRevoked);
    }
    case auth::TokenKind::kRefresh: {
      auto refresh = store.grants().find_refresh(hash);
      if (!refresh) return missing(refresh.error()) ? done(kUnknown) : fail(refresh.error());
      if (refresh->family_expires_at <= now) return done(kInactive);
      auto account = store.accounts().find_by_id(refresh->account_id);
      if (!account) return missing(account.error()) ? done(kInactive) : fail(account.error());
      auto gone = authorizations_.revoke(*account, refresh->authorization_id, info);
      if (!gone) return missing(gone.error()) ? done(kInactive) : fail(gone.error());
      if (auto ok = record(account->id, refresh->authorization_id, r, out.kind, info, reporter); !ok)
        return fail(ok.error());
      return done(kRevoked);
    }
    case auth::TokenKind::kClientSecret: {
      auto client = store.alerts().find_client_by_secret_hash(hash);
      if (!client) return missing(client.error()) ? done(kUnknown) : fail(client.error());
      auto owner = store.accounts().find_by_id(client->owner_id);
      if (!owner) return missing(owner.error()) ? done(kInactive) : fail(owner.error());
      auto rotated = clients_.rotate(*owner, client->id, info);
      if (!rotated) return missing(rotated.error()) ? done(kInactive) : fail(rotated.error());
      if (auto ok = record(owner->id, "", r, out.kind, info, reporter); !ok) return fail(ok.error());
      return done(kRevoked);
    }
    case auth::TokenKind::kSession: {
      auto session = store.sessions().find_by_token_hash(hash);
      if (!session) return missing(session.error()) ? done(kUnknown) : fail(session.error());
      if (session->expires_at.value_or(kNever) <= now) return done(kInactive);
      const auto event = leak_event(session->account_id, r, out.kind, info, reporter);
      auto removed = store.sessions().remove(session->account_id, session->id, event);
      if (!removed) return missing(removed.error()) ? done(kInactive) : fail(removed.error());
      for (const auto& h : removed->token_hashes) deps_.cache.invalidate(h);
      return done(kRevoked);
    }
    case auth::TokenKind::kDeviceCode: {
      auto grant = store.devices().find_by_secret(hash);
      if (!grant) return missing(grant.error()) ? done(kUnknown) : fail(grant.error());
      if (grant->status != "pending" || grant->expires_at <= now) return done(kInactive);
      const std::string owner = grant->account_id.value_or("");
      const auto event = leak_event(owner, r, out.kind, info, reporter);
      auto denied = store.devices().decide(grant->id, false, owner, now, event);
      if (!denied) return missing(denied.error()) ? done(kInactive) : fail(denied.error());
      return done(kRevoked);
    }
    case auth::TokenKind::kAuthCode: {
      auto code = store.grants().find_code(hash);
      if (!code) return missing(code.error()) ? done(kUnknown) : fail(code.error());
      if (code->used_at || code->expires_at <= now) return done(kInactive);
      if (auto burnt = store.grants().burn_code(hash, now); !burnt)
        return missing(burnt.error()) ? done(kInactive) : fail(burnt.error());
      if (auto ok = record(code->account_id, "", r, out.kind, info, reporter); !ok)
        return fail(ok.error());
      return done(kRevoked);
    }
  }
  return out;
}

Result<std::vector<LeakOutcome>> TokenLeakService::report(const std::vector<LeakReport>& reports,
                                                          const RequestInfo& info,
                                                          std::string_view reporter) {
  std::vector<LeakOutcome> out;
  out.reserve(reports.size());
  for (const auto& r : reports) {
    auto one = handle(r, info, reporter);
    if (!one) return fail(one.error());
    out.push_back(std::move(*one));
  }
  return out;
}

}  // namespace latchkey::service
