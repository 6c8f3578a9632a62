// Leaked-token reports (docs/api.md "Token leaks", docs/token-format.md): a
// secret scanner or an operator reports tokens found in public; each live one
// is made useless at once and its owner is told (audit event
// token.leaked_revoked → alert token_leaked, docs/alerts.md).
// Per kind: access token → its authorization is revoked (a login's session
// ends with it); API key → regenerated (the new key is not shown: the owner
// reveals it after re-authenticating); refresh token → its family's
// authorization is revoked; client secret → rotated; browser session → ended;
// device code → denied; authorization code → burned.
// A string that is not a well-formed Latchkey token (prefix + checksum) is
// answered "invalid" without any database lookup.
// Thread safety: thread-safe (stateless apart from its collaborators).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "service/authorizations.h"
#include "service/clients.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

// One reported token (GitHub's secret-scanning partner format).
struct LeakReport {
  std::string token;
  std::string type;    // the reporter's name for it; informational
  std::string url;     // where it was found
  std::string source;  // e.g. "content", "commit"
};

struct LeakOutcome {
  std::string label;  // the token redacted: "<first 8>**********<last 4>"
  std::string kind;   // "api_key", "access_token", ... or "" when invalid
  std::string status;  // revoked | already_inactive | unknown | invalid
};

class TokenLeakService {
 public:
  TokenLeakService(Deps deps, AuthorizationService& authorizations, ClientService& clients)
      : deps_(deps), authorizations_(authorizations), clients_(clients) {}

  // `reporter`: "operator" or "partner" (recorded in the audit detail).
  Result<std::vector<LeakOutcome>> report(const std::vector<LeakReport>& reports,
                                          const RequestInfo& info, std::string_view reporter);

 private:
  Result<LeakOutcome> handle(const LeakReport& r, const RequestInfo& info,
                             std::string_view reporter);
  Status record(const std::string& account_id, const std::string& authorization_id,
                const LeakReport& r, std::string_view kind, const RequestInfo& info,
                std::string_view reporter);
  model::AuditEvent leak_event(const std::string& account_id, const LeakReport& r,
                               std::string_view kind, const RequestInfo& info,
                               std::string_view reporter);

  Deps deps_;
  AuthorizationService& authorizations_;
  ClientService& clients_;
};

}  // namespace latchkey::service
