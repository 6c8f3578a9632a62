// TokenFailures (token_failures.h).
#include "service/token_failures.h"

#include "auth/token.h"
#include "service/audit.h"

namespace latchkey::service {

Status TokenFailures::check(const RequestInfo& info) { return throttle_.check_ip(info.ip); }

void TokenFailures::record(std::string_view action, std::string_view token, const RequestInfo& info) {
  throttle_.record_ip_failure(info.ip);
  RequestInfo who = info;
  who.actor_id.clear();
  who.authorization_id.clear();
  who.token_prefix.clear();
  std::string subject;
  // Only a well-formed token (checksum ok) is looked up: garbage never
  // reaches the database (S27) and has no owner anyway.
  if (auth::parse_token(token)) {
    const std::string hash = auth::hash_token(token);
    who.token_prefix = hash.substr(0, 8);
    if (auto a = deps_.store.authorizations().find_by_token_hash(hash)) {
      subject = a->account_id;
      who.authorization_id = a->id;
    }
  }
  // Best effort: a failed audit write must not turn a 401 into a 503.
  (void)deps_.store.audit().append(audit_event(deps_, subject, std::string(action), who));
}

}  // namespace latchkey::service
