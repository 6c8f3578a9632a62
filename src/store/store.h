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
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/account.h"
#include "model/app.h"
#include "model/audit_event.h"
#include "model/authorization.h"
#include "model/mfa.h"
#include "model/oauth_client.h"
#include "model/oauth_grant.h"
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
  // The same, with `event` written in the same transaction (a password change,
  // disabling an account: the change and its audit row are all-or-nothing, R1).
  virtual Status update(const model::Account& account, const model::AuditEvent& event) = 0;
  // Narrow writes for the services: each changes only its own columns, so a
  // stale copy of the account (a cached principal, a row read before a slow
  // Argon2 check) never writes back what someone else changed meanwhile.
  //
  // A successful sign-in: last_login = at, password_hash = new_hash (the same
  // or a rehash), only while the row still has `verified_hash` and is not
  // disabled. kConflict otherwise (the password changed or the account was
  // disabled during the check); kNotFound if the account is gone.
  virtual Status record_login(const std::string& id, UnixTime at, const std::string& verified_hash,
                              const std::string& new_hash) = 0;
  virtual Status set_name(const std::string& id, const std::string& name, UnixTime at) = 0;
  // A password change, only while the row still has `verified_hash` (the one
  // the current password was checked against): kConflict otherwise.
  virtual Status set_password(const std::string& id, const std::string& verified_hash,
                              const std::string& new_hash, UnixTime at,
                              const model::AuditEvent& event) = 0;
  virtual Status set_disabled(const std::string& id, bool disabled, UnixTime at,
                              const model::AuditEvent& event) = 0;
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

  // Browser sessions (kind "browser", token_hash set). kConflict on a
  // duplicate token hash.
  virtual Status create(const model::Session& session, const model::AuditEvent& event) = 0;
  // kNotFound if no session has this cookie hash.
  virtual Result<model::Session> find_by_token_hash(const std::string& token_hash) = 0;
  // A new cookie for session `next.id` (rotation at every authentication
  // step, S18): token_hash, stage, authenticated_at, last_seen_at, expires_at
  // and updated_at are taken from `next` — only if the session still has
  // `old_hash` (kGone otherwise: it was rotated or ended meanwhile). Writes
  // `event` in the same transaction.
  virtual Status rotate(const std::string& old_hash, const model::Session& next,
                        const model::AuditEvent& event) = 0;
  // Records activity (idle timeout). Best effort.
  virtual Status touch(const std::string& id, UnixTime at) = 0;
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

// Which audit events a read wants (security checklist S57, docs/audit.md).
// Every filter left empty/zero matches everything. Pages are keyset pages on
// seq: newest first (seq < before_seq) or oldest first (seq > after_seq).
struct AuditQuery {
  std::string account_id;     // the subject OR the actor is this account
  std::string subject_id;     // the subject (account_id column) is this account
  std::string team_id;        // events about this team or one of its apps
  std::string action_prefix;  // e.g. "mfa." or "login.failed"
  UnixTime since = 0;         // created_at >= since (0: no bound)
  UnixTime until = 0;         // created_at < until (0: no bound)
  std::int64_t before_seq = 0;  // seq < before_seq (0: no bound)
  std::int64_t after_seq = 0;   // seq > after_seq
  bool oldest_first = false;
  int limit = 50;
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status append(const model::AuditEvent& event) = 0;
  // One keyset page (at most q.limit, capped at 1000) in seq order.
  virtual Result<std::vector<model::AuditEvent>> query(const AuditQuery& q) = 0;
  // Retention: deletes events created before `before`, `batch` rows per
  // write transaction (so the writer lock is held briefly); returns how many
  // went. The only way rows leave the trail (there is no API for it).
  virtual Result<long> prune(UnixTime before, int batch) = 0;
  // Newest first.
  virtual Result<std::vector<model::AuditEvent>> list(const std::string& account_id,
                                                      int limit) = 0;
  // Events stored after `seq`, oldest first (at most `limit`): the alert
  // dispatcher tails the trail with it, so the trail is also the outbox.
  virtual Result<std::vector<model::AuditEvent>> after(std::int64_t seq, int limit) = 0;
  // The newest event's seq (0 when empty).
  virtual Result<std::int64_t> last_seq() = 0;
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
  // Deletes the owner's client together with every authorization it was
  // granted (their refresh tokens, codes and consents go with them); writes
  // `event` in the same transaction. Returns the client and the deleted
  // authorizations' token hashes (for cache invalidation).
  struct Removed {
    model::OAuthClient client;
    std::vector<std::string> token_hashes;
  };
  virtual Result<Removed> remove(const std::string& owner_id, const std::string& id,
                                 const model::AuditEvent& event) = 0;
};

// What the OAuth endpoints issue and consume: authorization codes, refresh
// tokens (one family per authorization) and remembered consent. Every
// single-use value is consumed by one conditional UPDATE (R2).
class GrantStore {
 public:
  virtual ~GrantStore() = default;
  virtual Status put_code(const model::AuthorizationCode& code) = 0;
  // Any code by hash, used or not (the caller decides). kNotFound if none.
  virtual Result<model::AuthorizationCode> find_code(const std::string& code_hash) = 0;
  // Marks an unused code used without redeeming it (a failed check burns the
  // code, S39). kGone if it was already used.
  virtual Status burn_code(const std::string& code_hash, UnixTime now) = 0;
  // Redeems a code unused and unexpired at `now`: marks it used with `authz.id`
  // as its result, creates `authz` and, if given, its first refresh token, with
  // `event` — one transaction. kGone if another redemption won or it expired.
  virtual Status redeem_code(const std::string& code_hash, UnixTime now,
                             const model::Authorization& authz,
                             const std::optional<model::RefreshToken>& refresh,
                             const model::AuditEvent& event) = 0;
  // Creates an authorization with, if given, its first refresh token.
  virtual Status create_grant(const model::Authorization& authz,
                              const std::optional<model::RefreshToken>& refresh,
                              const model::AuditEvent& event) = 0;
  // Creates an authorization (no refresh token) for an account that must be
  // enabled — checked in the same transaction, so no grant outlives a disable
  // that committed first: kNotFound("account") if it is gone, kForbidden if it
  // is disabled. Does not block the caller: done(status) is called once the
  // grant is committed or has failed, possibly on another thread (a store's
  // writer); done must be quick and must not write to the store synchronously.
  // Durability may be deferred (config database.deferred_fsync_ms): a fresh
  // grant lost in a power cut costs its holder one more token request.
  virtual void create_grant_async(model::Authorization authz, model::AuditEvent event,
                                  std::function<void(Status)> done) = 0;
  // Any refresh token by hash, used or not. kNotFound if none.
  virtual Result<model::RefreshToken> find_refresh(const std::string& token_hash) = 0;
  // Rotation: marks `old_hash` used (kGone if it already was — a replay or a
  // concurrent rotation won), inserts `next` and gives the family's
  // authorization the token of `rotated` (as AuthorizationStore::replace_token),
  // with `event`, in one transaction.
  virtual Status rotate_refresh(const std::string& old_hash, UnixTime now,
                                const model::RefreshToken& next,
                                const model::Authorization& rotated,
                                const model::AuditEvent& event) = 0;
  // kNotFound if the account never consented to the client.
  virtual Result<model::Consent> find_consent(const std::string& account_id,
                                              const std::string& client_id) = 0;
  // Inserts or replaces the account's consent for the client, with `event`.
  virtual Status put_consent(const model::Consent& consent, const model::AuditEvent& event) = 0;
  // The account takes back what it gave the client: deletes the account's
  // grants to the client (their refresh tokens go with them), its unredeemed
  // codes for the client and the remembered consent, with `event`, in one
  // transaction. Returns the deleted grants' token hashes (for cache
  // invalidation); kNotFound("consent") — nothing written — if there was
  // neither a grant nor a consent.
  virtual Result<std::vector<std::string>> withdraw_consent(const std::string& account_id,
                                                            const std::string& client_id,
                                                            const model::AuditEvent& event) = 0;
  // Drops codes and device grants that expired before `before`.
  virtual Status purge(UnixTime before) = 0;
};

// Logins approved in a browser for another device (RFC 8628 device grants and
// Heroku CLI browser logins). Status moves pending -> approved|denied ->
// redeemed, each step one conditional UPDATE.
class DeviceStore {
 public:
  virtual ~DeviceStore() = default;
  // kConflict when the secret or a live user code clashes.
  virtual Status create(const model::DeviceGrant& grant) = 0;
  virtual Result<model::DeviceGrant> find(const std::string& id) = 0;
  virtual Result<model::DeviceGrant> find_by_secret(const std::string& secret_hash) = 0;
  // The pending grant with this normalised user code. kNotFound if none.
  virtual Result<model::DeviceGrant> find_by_user_code(const std::string& user_code) = 0;
  // Records a poll at `now`: when the previous poll came less than interval_s
  // before, slow_down is true and interval_s grows by 5 for good (RFC 8628
  // §3.5) — unless it already grew and this poll still kept the interval it
  // had before (interval_s − 5): a client that keeps to the old pace is told
  // again, not punished again (security checklist S50). Returns the grant as
  // it is after the poll. kNotFound if none.
  // `base_interval` is the interval grants start with.
  struct Poll {
    model::DeviceGrant grant;
    bool slow_down = false;
  };
  virtual Result<Poll> poll(const std::string& secret_hash, UnixTime now, int base_interval) = 0;
  // pending and unexpired at `now` -> approved by `account_id` (or denied),
  // with `event`. kGone if it was decided or expired meanwhile.
  virtual Status decide(const std::string& id, bool approve, const std::string& account_id,
                        UnixTime now, const model::AuditEvent& event) = 0;
  // approved and unexpired -> redeemed, creating `authz` (bound to `session`,
  // created too, for a CLI login) and `refresh` if given, with `event`, in one
  // transaction. kGone if it is not approved (any more): exactly one poll wins.
  virtual Status redeem(const std::string& secret_hash, UnixTime now,
                        const model::Authorization& authz,
                        const std::optional<model::Session>& session,
                        const std::optional<model::RefreshToken>& refresh,
                        const model::AuditEvent& event) = 0;
};

// ID-token signing keys, shared by all instances (private keys sealed).
class SigningKeyStore {
 public:
  virtual ~SigningKeyStore() = default;
  // Newest first.
  virtual Result<std::vector<model::SigningKeyRecord>> list() = 0;
  // kConflict on a duplicate kid.
  virtual Status add(const model::SigningKeyRecord& key) = 0;
  virtual Status retire(const std::string& kid, UnixTime at) = 0;
  // Deletes keys retired before `before`.
  virtual Status remove_retired(UnixTime before) = 0;
};

// Apps with their config vars, releases and collaborators (issue 6). Names and
// ids are both unique; `find` accepts either. Every write that a user makes
// carries its audit event, written in the same transaction.
class AppStore {
 public:
  virtual ~AppStore() = default;
  // Creates the app and its first release (`first`, version 1) with `event`.
  // kConflict if the name is taken.
  virtual Status create(const model::App& app, const model::Release& first,
                        const model::AuditEvent& event) = 0;
  // By id or by name. kNotFound("app") if neither matches.
  virtual Result<model::App> find(const std::string& id_or_name) = 0;
  // Apps the account owns, collaborates on, or may see through a team (any
  // role: the policy decides what each may do), oldest first.
  virtual Result<std::vector<model::App>> list_for(const std::string& account_id) = 0;
  virtual Result<std::vector<model::App>> list_team(const std::string& team_id) = 0;
  // Replaces name, maintenance and updated_at. kConflict on a name clash.
  virtual Status update(const model::App& app, const model::AuditEvent& event) = 0;
  // Deletes the app with its config vars, releases and collaborators; returns it.
  virtual Result<model::App> remove(const std::string& app_id, const model::AuditEvent& event) = 0;

  virtual Result<std::map<std::string, std::string>> config_vars(const std::string& app_id) = 0;
  // Applies `changes` (a null value deletes the key) and, if anything changed,
  // appends `release` (its version is assigned: last + 1), with `event` — one
  // transaction. Returns the config vars after the change and the release
  // written (version 0 when nothing changed).
  struct ConfigChange {
    std::map<std::string, std::string> vars;
    model::Release release;
  };
  virtual Result<ConfigChange> change_config_vars(
      const std::string& app_id,
      const std::vector<std::pair<std::string, std::optional<std::string>>>& changes,
      model::Release release, const model::AuditEvent& event) = 0;
  // Appends a release (version assigned: last + 1) and sets the app's
  // released_at, with `event`. Returns it with its version.
  virtual Result<model::Release> add_release(model::Release release,
                                             const model::AuditEvent& event) = 0;
  // Oldest first.
  virtual Result<std::vector<model::Release>> releases(const std::string& app_id) = 0;

  // kConflict if the account already collaborates on the app.
  virtual Status add_collaborator(const model::Collaborator& c, const model::AuditEvent& event) = 0;
  // Oldest first.
  virtual Result<std::vector<model::Collaborator>> collaborators(const std::string& app_id) = 0;
  // kNotFound("collaborator") if the account does not collaborate on the app.
  virtual Result<model::Collaborator> find_collaborator(const std::string& app_id,
                                                        const std::string& account_id) = 0;
  // Replaces permissions and updated_at.
  virtual Status update_collaborator(const model::Collaborator& c,
                                     const model::AuditEvent& event) = 0;
  virtual Result<model::Collaborator> remove_collaborator(const std::string& app_id,
                                                          const std::string& account_id,
                                                          const model::AuditEvent& event) = 0;
};

// Teams and their members.
class TeamStore {
 public:
  virtual ~TeamStore() = default;
  // Creates the team with `creator` as its first member (role admin), with
  // `event`. kConflict if the name is taken.
  virtual Status create(const model::Team& team, const model::TeamMember& creator,
                        const model::AuditEvent& event) = 0;
  // By id or by name. kNotFound("team").
  virtual Result<model::Team> find(const std::string& id_or_name) = 0;
  // Teams the account belongs to, with its role in Team::role, by name.
  virtual Result<std::vector<model::Team>> list_for(const std::string& account_id) = 0;
  // By email.
  virtual Result<std::vector<model::TeamMember>> members(const std::string& team_id) = 0;
  // kNotFound("member").
  virtual Result<model::TeamMember> find_member(const std::string& team_id,
                                                const std::string& account_id) = 0;
  // Inserts the member or replaces its role (and updated_at), with `event`.
  virtual Status put_member(const model::TeamMember& member, const model::AuditEvent& event) = 0;
  // Removes the member (and its collaborator rows on the team's apps), with
  // `event`; kNotFound("member").
  virtual Result<model::TeamMember> remove_member(const std::string& team_id,
                                                  const std::string& account_id,
                                                  const model::AuditEvent& event) = 0;
  // Deletes a team that has no apps any more (kConflict otherwise), with `event`.
  virtual Result<model::Team> remove(const std::string& team_id, const model::AuditEvent& event) = 0;
};

// Security alerts (docs/alerts.md): the audit trail is the outbox. A
// dispatcher tails AuditStore::after(cursor) and turns matching events into
// persisted deliveries; this store keeps its cursor, the deliveries with their
// retry state, the sign-in IPs/devices each account is known to use, and the
// (authorization, IP) pairs tokens were used from. Also the lookups that leak
// reports need beyond the other aggregates.
struct AlertDelivery {
  std::string id;          // uuid
  std::int64_t event_seq = 0;
  std::string kind;        // alert kind, e.g. "mfa_disabled"
  std::string channel;     // "webhook" | "email"
  std::string account_id;
  std::string payload;     // webhook JSON body, or for e-mail {"to","subject","text"}
  std::string state = "pending";  // pending | delivered | failed
  int attempts = 0;
  UnixTime next_attempt_at = 0;
  std::string last_error;
  UnixTime created_at = 0;
};

// A sign-in IP ("ip") or user agent ("device") seen for an account.
struct KnownDevice {
  std::string account_id;
  std::string kind;
  std::string value;
};

class AlertStore {
 public:
  virtual ~AlertStore() = default;
  // The cursor's last handled seq; nullopt if it was never set.
  virtual Result<std::optional<std::int64_t>> cursor(const std::string& name) = 0;
  // Creates the cursor at `seq` unless it exists (first start). Returns the cursor.
  virtual Result<std::int64_t> init_cursor(const std::string& name, std::int64_t seq) = 0;
  // Moves the cursor from `from` to `to` and, in the same transaction, records
  // `devices` as known and inserts `deliveries` (a duplicate (event, channel)
  // is skipped). kConflict (nothing written) if the cursor is no longer at
  // `from` (another instance advanced it), so no alert is lost or repeated.
  virtual Status advance(const std::string& name, std::int64_t from, std::int64_t to,
                         const std::vector<KnownDevice>& devices,
                         const std::vector<AlertDelivery>& deliveries) = 0;
  virtual Result<bool> is_known_device(const KnownDevice& device) = 0;
  // How many values of `kind` ("ip" | "device") the account is known to use.
  virtual Result<int> count_known_devices(const std::string& account_id, const std::string& kind) = 0;
  // Pending deliveries due at `now`, oldest first.
  virtual Result<std::vector<AlertDelivery>> due(UnixTime now, int limit) = 0;
  // Records an attempt: state, attempts, next_attempt_at, last_error of `d.id`.
  virtual Status record_attempt(const AlertDelivery& d, UnixTime now) = 0;
  // Every delivery of an event (tests, operators).
  virtual Result<std::vector<AlertDelivery>> deliveries(std::int64_t event_seq) = 0;
  // Remembers that authorization `authz_id` was used from `ip`. The first time
  // (true) `event` is written in the same transaction; false if already known.
  virtual Result<bool> record_token_ip(const std::string& authz_id, const std::string& ip,
                                       UnixTime now, const model::AuditEvent& event) = 0;
  // Live authorizations expiring in (now, until] without an
  // "authorization.expiring" event yet, soonest first.
  virtual Result<std::vector<model::Authorization>> expiring_unwarned(UnixTime now, UnixTime until,
                                                                      int limit) = 0;
  // Writes `event` (action authorization.expiring, authorization_id set) unless
  // one exists for that authorization; true if written.
  virtual Result<bool> record_expiring(const model::AuditEvent& event) = 0;
  // Leak reports: the client whose secret hashes to `secret_hash` (only id,
  // owner_id, name and is_public are filled). kNotFound("client").
  virtual Result<model::OAuthClient> find_client_by_secret_hash(const std::string& secret_hash) = 0;
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
  virtual GrantStore& grants() = 0;
  virtual DeviceStore& devices() = 0;
  virtual SigningKeyStore& signing_keys() = 0;
  virtual AppStore& apps() = 0;
  virtual TeamStore& teams() = 0;
  virtual AlertStore& alerts() = 0;
  // Cheap liveness probe of the database (for /readyz).
  virtual Status ping() = 0;
};

}  // namespace latchkey::store
