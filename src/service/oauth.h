// The OAuth 2.0 / OpenID Connect authorization server's rules (security
// checklist S37–S47; RFC 6749, 7636, 7009, 7662, 9207, 9700):
//  - the authorization request: the client and redirect URI first (a bad one
//    is an error page, never a redirect), then everything else (errors go back
//    to the exact redirect URI); PKCE S256 only, required for public clients;
//  - authorization codes: 60 s, single use; a replay revokes what the first
//    redemption produced; a failed PKCE or redirect check burns the code;
//  - refresh tokens rotate on every use; a replayed one revokes the family
//    (the authorization) and is audited; families die at an absolute lifetime;
//  - client_credentials: a confidential client acting as its owner within the
//    client's allowed scopes; revocation (RFC 7009) and introspection (RFC 7662)
//    only ever reveal a client's own tokens;
//  - remembered consent per client and scope set.
// Errors are OAuth errors (service/oauth_errors.h), except kUnavailable.
// Thread safety: thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "core/secret.h"
#include "model/account.h"
#include "model/audit_event.h"
#include "model/authorization.h"
#include "model/oauth_client.h"
#include "service/client_cache.h"
#include "service/deps.h"
#include "service/id_tokens.h"
#include "service/principal.h"
#include "service/request_info.h"

namespace latchkey::service {

inline constexpr std::string_view kGrantAuthorizationCode = "authorization_code";
inline constexpr std::string_view kGrantRefreshToken = "refresh_token";
inline constexpr std::string_view kGrantClientCredentials = "client_credentials";
inline constexpr std::string_view kGrantDeviceCode = "urn:ietf:params:oauth:grant-type:device_code";

// Scopes an OAuth client may ask for: the Heroku scopes plus OpenID Connect's.
bool known_oauth_scope(std::string_view scope);
// "read write" -> {"read","write"} (deduplicated, order kept); kInvalidParams-free:
// nullopt when a scope is unknown or the list is empty.
std::optional<std::vector<std::string>> parse_scope(std::string_view text);
std::string join_scope(const std::vector<std::string>& scope);
// Whether a client allowed `allowed` may ask for every scope in `requested`:
// "global" allows all; openid, email and profile are always allowed. The one
// rule for authorize, client_credentials and the device grant.
bool scope_allowed(const std::vector<std::string>& requested, const std::vector<std::string>& allowed);
// The plain-words description of a scope for consent pages.
std::string_view describe_scope(std::string_view scope);

// How the caller of a token/revoke/introspect request identified itself.
struct ClientCredentials {
  std::optional<std::string> id;
  std::optional<std::string> secret;
  bool via_basic = false;
};

// The raw authorization request parameters (absent = not sent).
struct AuthorizeParams {
  std::optional<std::string> response_type, client_id, redirect_uri, scope, state, code_challenge,
      code_challenge_method, nonce;
};

// A client and the redirect URI errors may be sent to.
struct AuthorizeTarget {
  model::OAuthClient client;
  std::string redirect_uri;   // where to redirect (the requested or the single registered one)
  bool redirect_uri_given = false;
};

struct ValidAuthorize {
  AuthorizeTarget target;
  std::vector<std::string> scope;
  std::optional<std::string> state;
  std::string code_challenge;
  std::string nonce;
};

struct TokenGrant {
  model::Authorization authorization;
  Secret access_token;
  std::optional<Secret> refresh_token;
  std::optional<std::string> id_token;
  long long expires_in = 0;
};

struct Introspection {
  bool active = false;
  model::Authorization authorization;  // when active
  std::string token_type;              // "access_token" | "refresh_token"
  std::string subject;
  std::optional<UnixTime> expires_at;
};

class OAuthService {
 public:
  OAuthService(Deps deps, const config::Config& config, IdTokens& id_tokens, ClientCache& clients,
               const std::string& issuer)
      : deps_(deps), config_(config), id_tokens_(id_tokens), clients_(clients), issuer_(issuer) {}

  const std::string& issuer() const { return issuer_; }

  // Step 1 of /oauth/authorize: kBadRequest (invalid_request / invalid_client)
  // for an unknown client or a redirect URI that is not exactly registered —
  // the caller shows an error page and must not redirect (S37, S38).
  Result<AuthorizeTarget> check_client(const AuthorizeParams& params);
  // Step 2: response_type, scope, PKCE. Errors here are redirected to the
  // target with `error` and `iss` (RFC 9207).
  Result<ValidAuthorize> check_request(AuthorizeTarget target, const AuthorizeParams& params);
  // Whether the account already consented to these scopes for this client.
  Result<bool> has_consent(const model::Account& account, const ValidAuthorize& request);
  Status record_consent(const model::Account& account, const ValidAuthorize& request,
                        const RequestInfo& info);
  // The account withdraws its consent to a client (the dashboard's "Revoke
  // access"): every grant of the client for the account, its unredeemed codes
  // and the remembered consent go, in one store transaction, audited as
  // oauth.consent_withdrawn; the next authorization request asks again.
  // kNotFound when the account has neither a grant to nor a consent for it.
  Status withdraw(const model::Account& account, const std::string& client_id, const RequestInfo& info);
  // Mints an authorization code for the approved request.
  Result<Secret> issue_code(const model::Account& account, const ValidAuthorize& request,
                            UnixTime auth_time, const RequestInfo& info);

  // The client behind credentials, authenticated (confidential) or identified
  // (public; `fallback_client_id` is the one the grant names, for Heroku's
  // form with client_secret alone). invalid_client otherwise.
  Result<model::OAuthClient> authenticate_client(const ClientCredentials& credentials,
                                                 std::string_view fallback_client_id = {});

  Result<TokenGrant> exchange_code(const ClientCredentials& credentials, std::string_view code,
                                   const std::optional<std::string>& redirect_uri,
                                   const std::optional<std::string>& code_verifier,
                                   const RequestInfo& info);
  Result<TokenGrant> refresh(const ClientCredentials& credentials, std::string_view refresh_token,
                             const std::optional<std::string>& scope, const RequestInfo& info);
  // The client_credentials grant, without blocking the caller on the write:
  // the checks run here, then the grant is queued to the store's writer and
  // done(result) is called when it is committed (on the writer's thread) or
  // at once on error. For I/O threads: it never waits for the database writer.
  void client_credentials_async(const ClientCredentials& credentials,
                                const std::optional<std::string>& scope, const RequestInfo& info,
                                std::function<void(Result<TokenGrant>)> done);
  // RFC 7009: revokes the client's own access or refresh token (the whole
  // grant); anything else is silently ignored.
  Status revoke(const ClientCredentials& credentials, std::string_view token, const RequestInfo& info);
  // RFC 7662: active only for a live token issued to the calling client.
  Result<Introspection> introspect(const ClientCredentials& credentials, std::string_view token);

  // Shared with the device flow: a new grant's authorization and tokens.
  TokenGrant new_grant(const model::Account& account, const model::OAuthClient& client,
                       std::vector<std::string> scope, bool with_refresh, const RequestInfo& info);
  // The refresh token row for a grant's refresh secret.
  model::RefreshToken refresh_row(const TokenGrant& grant, UnixTime family_expires_at) const;
  // Signs the ID token when the grant carries the openid scope.
  Status attach_id_token(TokenGrant& grant, const model::Account& account, std::string_view nonce,
                         UnixTime auth_time);

 private:
  struct PendingGrant {
    TokenGrant grant;
    model::AuditEvent event;
  };
  // client_credentials up to the write: client, grant type, scope, owner.
  Result<PendingGrant> prepare_client_credentials(const ClientCredentials& credentials,
                                                  const std::optional<std::string>& scope,
                                                  const RequestInfo& info);
  // The client by id: the in-memory copy, else the store's (then cached).
  Result<model::OAuthClient> find_client(const std::string& id);
  // A live access token's owner and authorization: the bearer cache, else the store.
  Result<Principal> find_access(const std::string& token_hash, UnixTime now);
  Status revoke_grant(const std::string& account_id, const std::string& authorization_id,
                      std::string_view action, const RequestInfo& info);

  Deps deps_;
  const config::Config& config_;
  IdTokens& id_tokens_;
  ClientCache& clients_;
  const std::string& issuer_;
};

bool allows_grant(const model::OAuthClient& client, std::string_view grant_type);

}  // namespace latchkey::service
