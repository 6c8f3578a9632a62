// Sign-in sessions (Heroku's /oauth/sessions): list, inspect and end them.
// Ending a session deletes every authorization bound to it, and the tokens stop
// working on the very next request (cache invalidated).
// Thread safety: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/session.h"
#include "service/deps.h"
#include "service/principal.h"
#include "service/request_info.h"

namespace latchkey::service {

class SessionService {
 public:
  explicit SessionService(Deps deps) : deps_(deps) {}

  Result<std::vector<model::Session>> list(const model::Account& account);
  // `id` "~" = the session behind the calling token (404 resource "session" if none).
  Result<model::Session> get(const Principal& caller, const std::string& id);
  Result<model::Session> remove(const Principal& caller, const std::string& id,
                                const RequestInfo& info);
  // Ends every session of `kind` ("browser", "cli") of the account except
  // `keep` (the caller's own, if any), recording `reason` (e.g. "mfa.enabled")
  // in each audit event.
  Status end_others(const std::string& account_id, const std::optional<std::string>& keep,
                    std::string_view kind, std::string_view reason, const RequestInfo& info);

 private:
  Result<std::string> resolve_id(const Principal& caller, const std::string& id);
  Deps deps_;
};

}  // namespace latchkey::service
