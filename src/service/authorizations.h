// Use cases for OAuth authorizations owned by an account (Heroku's
// /oauth/authorizations) and the account's API key ("~").
// Secrets: a token's plaintext exists only in the Issued result of create and
// regenerate; the store keeps its SHA-256 (and, for the API key only, a box
// sealed with the server key).
// Thread safety: thread-safe (stateless apart from its collaborators).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/secret_box.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/authorization.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

inline constexpr const char* kScopes[] = {"global",         "identity",       "read",
                                         "write",          "read-protected", "write-protected"};
inline constexpr std::string_view kApiKeyId = "~";
inline constexpr std::string_view kDefaultDescription = "Long-lived user authorization";

struct CreateAuthorization {
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> scope;  // absent = ["global"]
  std::optional<long long> expires_in;            // seconds; absent = never
};

// An authorization together with the token plaintext, shown once.
struct Issued {
  model::Authorization authorization;
  Secret token;
};

class AuthorizationService {
 public:
  AuthorizationService(Deps deps, const auth::SecretBox& box) : deps_(deps), box_(box) {}

  // Validates params (kInvalidParams naming the field) and creates a token. With
  // `cli_session` the authorization belongs to a new CLI session (a login), so
  // `DELETE /oauth/sessions/~` ends it.
  Result<Issued> create(const model::Account& account, const CreateAuthorization& params,
                        const RequestInfo& info, bool cli_session);
  Result<std::vector<model::Authorization>> list(const model::Account& account);
  // `id` may be "~" (the API key).
  Result<model::Authorization> get(const model::Account& account, const std::string& id);
  Result<model::Authorization> update_description(const model::Account& account,
                                                  const std::string& id,
                                                  const std::string& description,
                                                  const RequestInfo& info);
  // New token, same authorization; the old token stops working at once.
  Result<Issued> regenerate(const model::Account& account, const std::string& id,
                            const RequestInfo& info);
  // Returns the deleted authorization. The API key cannot be revoked (403). Revoking
  // a login's authorization ends its session as well.
  Result<model::Authorization> revoke(const model::Account& account, const std::string& id,
                                      const RequestInfo& info);

  // The API key's token, opened from its sealed copy. The caller has
  // re-authenticated; audited as api_key.revealed.
  Result<Issued> reveal_api_key(const model::Account& account, const RequestInfo& info);

  // The account's API key, created on first need (idempotent).
  Result<model::Authorization> ensure_api_key(const model::Account& account,
                                              const RequestInfo& info);

  static Status validate_description(const std::string& description);

 private:
  Result<Issued> new_token(const model::Account& account, model::Authorization authz);
  Result<model::Authorization> resolve(const model::Account& account, const std::string& id);

  Deps deps_;
  const auth::SecretBox& box_;
};

}  // namespace latchkey::service
