// Storage contracts, one interface per aggregate (Ory style): services depend
// only on these; src/store/sqlite implements them today and a PostgreSQL backend
// will implement the same ones. tests/store/store_conformance.h (the suite; sqlite_conformance_test.cc runs it) proves a backend.
//
// Conventions for every method:
//  - Errors: kNotFound (with resource) when a row is missing, kConflict on a
//    uniqueness violation, kUnavailable when the database cannot be reached or
//    is read-only/full (callers answer 503, never 401). Nothing else escapes.
//  - Each method is atomic: it either fully applies or leaves nothing behind.
//    A write returns only after COMMIT succeeded (R1).
//  - Single-use secrets are consumed by one conditional UPDATE, so exactly one
//    of N concurrent callers wins (R2).
// Thread safety: every method may be called concurrently from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/account.h"
#include "model/audit_event.h"
#include "model/authorization.h"
#include "model/mfa.h"
#include "model/oauth_client.h"
#include "model/one_time_secret.h"
#include "model/session.h"

namespace latchkey::store {

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // kConflict if the email is taken. Writes `event` in the same transaction.
  virtual Status create(const model::Account& account, const model::AuditEvent& event) = 0;
  virtual Result<model::Account> find_by_id(const std::string& id) = 0;
  virtual Result<model::Account> find_by_email(const std::string& email) = 0;
  // Replaces name, email, password_hash, is_admin, disabled, updated_at,
  // last_login of the row with account.id. kConflict on email clash.
  // two_factor_enabled is left alone: only MfaStore changes it, together with
  // the factor, so a stale copy written back cannot switch MFA off.
  virtual Status update(const model::Account& account) = 0;
  virtual Result<std::vector<model::Account>> list() = 0;
  virtual Result<long> count() = 0;
  // Deletes the account with everything it owns (sessions, authorizations,
  // factors, recovery codes); its audit trail stays. Writes `event` in the same
  // transaction. kNotFound if there is no such account.
  virtual Status remove(const std::string& id, const model::AuditEvent& event) = 0;
};

class AuthorizationStore {
 public:
  virtual ~AuthorizationStore() = default;
  // Writes `event` in the same transaction. kConflict on duplicate token_hash, or
  // on a second API key for one account.
  virtual Status create(const model::Authorization& authz, const model::AuditEvent& event) = 0;
  // Any authorization by the SHA-256 hex of its token (expired ones included:
  // the caller decides). kNotFound if none.
  virtual Result<model::Authorization> find_by_token_hash(const std::string& token_hash) = 0;
  // By id within one account (another account's id is kNotFound).
  virtual Result<model::Authorization> find(const std::string& account_id,
                                            const std::string& id) = 0;
  virtual Result<model::Authorization> find_api_key(const std::string& account_id) = 0;
  // All of the account's authorizations, API key included, oldest first.
  virtual Result<std::vector<model::Authorization>> list(const std::string& account_id) = 0;
  virtual Status update_description(const std::string& account_id, const std::string& id,
                                    const std::string& description, UnixTime now) = 0;
  // Replaces the token of one authorization (rotation): access_token_id,
  // token_hash, token_hint, token_encrypted, expires_at, updated_at are taken from
  // `rotated`. Writes `event` in the same transaction.
  virtual Status replace_token(const model::Authorization& rotated,
                               const model::AuditEvent& event) = 0;
  // Deletes and returns the row. Writes `event` in the same transaction.
  virtual Result<model::Authorization> remove(const std::string& account_id, const std::string& id,
                                              const model::AuditEvent& event) = 0;
  // Deletes every authorization of the account except the API key; returns their
  // token hashes (for cache invalidation).
  virtual Result<std::vector<std::string>> remove_all_but_api_key(const std::string& account_id) = 0;
  // Best effort, may be batched or skipped (it never waits for a busy
  // database): records last use.
  virtual Status touch(const std::string& id, UnixTime at, const std::string& ip) = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // Creates the session and its authorization together (a CLI login).
  virtual Status create_with_authorization(const model::Session& session,
                                           const model::Authorization& authz,
                                           const model::AuditEvent& event) = 0;
  virtual Result<model::Session> find(const std::string& account_id, const std::string& id) = 0;
  virtual Result<std::vector<model::Session>> list(const std::string& account_id) = 0;
  // Deletes the session and every authorization bound to it; returns the
  // session and the deleted token hashes (for cache invalidation).
  struct Removed {
    model::Session session;
    std::vector<std::string> token_hashes;
  };
  virtual Result<Removed> remove(const std::string& account_id, const std::string& id,
                                 const model::AuditEvent& event) = 0;
};

// Consecutive failed sign-ins per key (a normalised email, known or not, or an
// IP). Kept in the database so the count survives restarts and is shared by
// instances.
struct ThrottleState {
  int failures = 0;             // consecutive failures since the last success
  UnixTime last_failure_at = 0;
  bool locked = false;          // hard lock after the configured ceiling
};

class ThrottleStore {
 public:
  virtual ~ThrottleStore() = default;
  virtual Result<ThrottleState> get(const std::string& key) = 0;  // zero state if none
  // Atomically increments failures; sets locked when failures reaches lock_at.
  virtual Result<ThrottleState> record_failure(const std::string& key, UnixTime at,
                                               int lock_at) = 0;
  virtual Status reset(const std::string& key) = 0;  // success or admin unlock
};

class OneTimeSecretStore {
 public:
  virtual ~OneTimeSecretStore() = default;
  virtual Status put(const model::OneTimeSecret& secret) = 0;
  // Marks the secret used if it exists, is unused and unexpired at `now`; returns
  // it. kGone if it exists but was used or expired; kNotFound otherwise.
  virtual Result<model::OneTimeSecret> consume(const std::string& hash, const std::string& purpose,
                                               UnixTime now) = 0;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status append(const model::AuditEvent& event) = 0;
  // Newest first.
  virtual Result<std::vector<model::AuditEvent>> list(const std::string& account_id,
                                                      int limit) = 0;
};

// Second factors (security checklist S12–S16). Every consumption of a
// single-use value (a TOTP step, a recovery code) is one conditional UPDATE, so
// exactly one of N concurrent callers — on any instance — wins.
class MfaStore {
 public:
  virtual ~MfaStore() = default;
  // kNotFound if the account never started an enrolment.
  virtual Result<model::TotpFactor> find_totp(const std::string& account_id) = 0;
  // Starts (or restarts) an enrolment: stores the sealed secret as pending and
  // zeroes its failure count. An active factor stays as it is.
  virtual Status put_pending(const std::string& account_id, const std::string& sealed,
                             UnixTime now) = 0;
  // Counts one wrong confirmation code against the pending secret `sealed`; at
  // `discard_at` failures the pending secret is dropped. Returns the count
  // (kNotFound if that secret is no longer pending).
  virtual Result<int> record_pending_failure(const std::string& account_id,
                                             const std::string& sealed, int discard_at) = 0;
  // Confirms the enrolment whose pending secret is `sealed` (kConflict if it is
  // no longer pending): it becomes the active factor with `step` as its last
  // used step, the account's recovery codes are replaced by `code_hashes`, and
  // accounts.two_factor_enabled is set — with `event`, in one transaction.
  virtual Status activate(const std::string& account_id, const std::string& sealed,
                          std::int64_t step, const std::vector<std::string>& code_hashes,
                          UnixTime now, const model::AuditEvent& event) = 0;
  // Moves the active factor's last used step up to `step`; kGone if it is not
  // greater (a replay, or a concurrent use of the same code won).
  virtual Status use_step(const std::string& account_id, std::int64_t step) = 0;
  // Marks one unused recovery code used, with `event`; kGone if the account has
  // no such unused code.
  virtual Status use_recovery_code(const std::string& account_id, const std::string& code_hash,
                                   UnixTime now, const model::AuditEvent& event) = 0;
  virtual Status replace_recovery_codes(const std::string& account_id,
                                        const std::vector<std::string>& code_hashes, UnixTime now,
                                        const model::AuditEvent& event) = 0;
  virtual Result<model::RecoveryCodeSummary> recovery_codes(const std::string& account_id) = 0;
  // Deletes the factor (active and pending) and the recovery codes and clears
  // accounts.two_factor_enabled, with `event`, in one transaction.
  virtual Status remove(const std::string& account_id, UnixTime now,
                        const model::AuditEvent& event) = 0;
};

// Registered OAuth clients, each owned by one account.
class ClientStore {
 public:
  virtual ~ClientStore() = default;
  // Writes `event` in the same transaction. kConflict on a duplicate id or secret hash.
  virtual Status create(const model::OAuthClient& client, const model::AuditEvent& event) = 0;
  // By id within one owner (another owner's client is kNotFound, resource "client").
  virtual Result<model::OAuthClient> find(const std::string& owner_id, const std::string& id) = 0;
  // By id alone (the OAuth endpoints, where the caller is the client).
  virtual Result<model::OAuthClient> find_by_id(const std::string& id) = 0;
  // The owner's clients, oldest first.
  virtual Result<std::vector<model::OAuthClient>> list(const std::string& owner_id) = 0;
  // Replaces name, redirect_uri, secret_hash, secret_hint and updated_at of the
  // owner's client with client.id; writes `event` in the same transaction.
  virtual Status update(const model::OAuthClient& client, const model::AuditEvent& event) = 0;
  // Deletes and returns the owner's client; writes `event` in the same transaction.
  virtual Result<model::OAuthClient> remove(const std::string& owner_id, const std::string& id,
                                            const model::AuditEvent& event) = 0;
};

// The whole storage of one deployment.
class Store {
 public:
  virtual ~Store() = default;
  virtual AccountStore& accounts() = 0;
  virtual AuthorizationStore& authorizations() = 0;
  virtual SessionStore& sessions() = 0;
  virtual ThrottleStore& throttles() = 0;
  virtual OneTimeSecretStore& one_time_secrets() = 0;
  virtual AuditStore& audit() = 0;
  virtual MfaStore& mfa() = 0;
  virtual ClientStore& clients() = 0;
  // Cheap liveness probe of the database (for /readyz).
  virtual Status ping() = 0;
};

}  // namespace latchkey::store
