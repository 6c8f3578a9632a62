// OAuth client registration (Heroku's /oauth/clients): an account registers
// the third-party apps it develops. Secrets are `lkc_` tokens shown once (at
// creation and rotation) and stored as SHA-256 only; public (native/CLI)
// clients get none and will have to use PKCE.
// Thread safety: thread-safe (stateless apart from its collaborators).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/oauth_client.h"
#include "service/client_cache.h"
#include "service/deps.h"
#include "service/request_info.h"

namespace latchkey::service {

struct RegisterClient {
  std::string name;
  std::string redirect_uri;
  bool is_public = false;
  // Absent: authorization_code + refresh_token; scope "global" (any scope).
  std::optional<std::vector<std::string>> grant_types;
  std::optional<std::vector<std::string>> scopes;
};

struct ClientChange {
  std::optional<std::string> name;
  std::optional<std::string> redirect_uri;
  std::optional<std::vector<std::string>> grant_types;
  std::optional<std::vector<std::string>> scopes;
};

// A client together with its secret's plaintext (empty for public clients), shown once.
struct IssuedClient {
  model::OAuthClient client;
  Secret secret;
};

class ClientService {
 public:
  ClientService(Deps deps, ClientCache& cache) : deps_(deps), cache_(cache) {}

  // kInvalidParams naming the field for a bad name or redirect URI.
  Result<IssuedClient> create(const model::Account& owner, const RegisterClient& params,
                              const RequestInfo& info);
  Result<std::vector<model::OAuthClient>> list(const model::Account& owner);
  Result<model::OAuthClient> get(const model::Account& owner, const std::string& id);
  Result<model::OAuthClient> update(const model::Account& owner, const std::string& id,
                                    const ClientChange& change, const RequestInfo& info);
  // New secret; the old one stops working at once. kConflict for public clients.
  Result<IssuedClient> rotate(const model::Account& owner, const std::string& id,
                              const RequestInfo& info);
  Result<model::OAuthClient> remove(const model::Account& owner, const std::string& id,
                                    const RequestInfo& info);

  static Status validate_name(const std::string& name);
  // Known grant types, no duplicates, client_credentials only for confidential
  // clients (S43); known scopes.
  static Status validate_grants(const std::vector<std::string>& grants, bool is_public);
  static Status validate_scopes(const std::vector<std::string>& scopes);

 private:
  void new_secret(IssuedClient& issued);
  Deps deps_;
  ClientCache& cache_;
};

}  // namespace latchkey::service
