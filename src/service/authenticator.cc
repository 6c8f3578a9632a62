#include "service/authenticator.h"

#include "auth/token.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

constexpr UnixTime kTouchInterval = 60;
constexpr std::size_t kMaxSeenIps = 100'000;  // then the set starts over (bounded memory)

Error unauthorized() { return Error(ErrorCode::kUnauthorized, std::string(kInvalidCredentials)); }

}  // namespace

Result<Principal> Authenticator::load(const std::string& token_hash, UnixTime now) {
  auto authz = store_.authorizations().find_by_token_hash(token_hash);
  if (!authz) {
    if (authz.error().code == ErrorCode::kNotFound) return fail(unauthorized());
    return fail(authz.error());
  }
  auto account = store_.accounts().find_by_id(authz->account_id);
  if (!account) {
    if (account.error().code == ErrorCode::kNotFound) return fail(unauthorized());
    return fail(account.error());
  }
  Principal p{std::move(*account), std::move(*authz)};
  cache_.put(token_hash, p, now);
  return p;
}

void Authenticator::note_ip(const Principal& p, const RequestInfo& info, UnixTime now) {
  const auto& authz = p.authorization;
  if (random_ == nullptr || info.ip.empty() || authz.id.empty()) return;
  const std::string key = authz.id + " " + info.ip;
  {
    std::lock_guard lock(seen_mu_);
    if (seen_ips_.contains(key)) return;
  }
  // The IP it was created from is not news.
  if (info.ip != authz.created_ip) {
    RequestInfo who = info;  // the caller is known only once this returns
    who.actor_id = p.account.id;
    who.authorization_id = authz.id;
    who.token_prefix = authz.token_hash.substr(0, 8);
    auto e = audit_event(*random_, clock_, p.account.id, "token.new_ip", who);
    e.created_at = now;
    // Best effort: a failure is retried on the next request.
    if (!store_.alerts().record_token_ip(authz.id, info.ip, now, e)) return;
  }
  std::lock_guard lock(seen_mu_);
  if (seen_ips_.size() >= kMaxSeenIps) seen_ips_.clear();
  seen_ips_.insert(key);
}

Result<Principal> Authenticator::authenticate(std::string_view token, const RequestInfo& info) {
  const auto parsed = auth::parse_token(token);
  if (!parsed) return fail(unauthorized());
  const auto kind = *parsed;
  if (kind != auth::TokenKind::kApiKey && kind != auth::TokenKind::kAccess)
    return fail(unauthorized());
  const UnixTime now = clock_.now();
  const std::string hash = auth::hash_token(token);
  auto cached = cache_.get(hash, now);
  Result<Principal> principal = cached ? Result<Principal>(std::move(*cached)) : load(hash, now);
  if (!principal) return principal;
  const auto& authz = principal->authorization;
  if (authz.expires_at && *authz.expires_at <= now) {
    cache_.invalidate(hash);
    return fail(unauthorized());
  }
  if (principal->account.disabled) return fail(unauthorized());
  note_ip(*principal, info, now);
  const bool stale = !authz.last_used_at || now - *authz.last_used_at >= kTouchInterval ||
                     authz.last_used_ip != info.ip;
  if (stale) {
    // Best effort: a failed touch must not fail the request.
    if (store_.authorizations().touch(authz.id, now, info.ip)) {
      principal->authorization.last_used_at = now;
      principal->authorization.last_used_ip = info.ip;
      cache_.put(hash, *principal, now);
    }
  }
  return principal;
}

}  // namespace latchkey::service
