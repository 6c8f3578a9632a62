// The SQLite implementations of the per-aggregate interfaces of store/store.h,
// one .cc each (sqlite_accounts.cc, ...), all sharing one Connections.
// Internal to the backend. Thread safety: as Connections (any thread).
#pragma once

#include <string>
#include <vector>

#include "store/sqlite/connections.h"
#include "store/store.h"

namespace latchkey::store::sqlite {

// Inserts one audit row on `db` (inside the caller's write transaction).
Status insert_audit(Db& db, const model::AuditEvent& event);
// The audit columns in the order read_events expects: "SELECT <cols> FROM
// audit_events <where_and_order>", and the rows of such a statement.
std::string audit_select(std::string_view where_and_order);
Result<std::vector<model::AuditEvent>> read_events(Stmt& stmt);

// Scope <-> JSON array text, e.g. ["global","read"] (sqlite_scope.cc).
std::string encode_scope(const std::vector<std::string>& scope);
Result<std::vector<std::string>> decode_scope(std::string_view json);

// Writes `authz` on `db` (inside the caller's write transaction); shared by
// AuthorizationStore::create and SessionStore::create_with_authorization.
Status insert_authorization(Db& db, const model::Authorization& authz);

// Replaces the token columns of `authz` (rotation), inside the caller's write
// transaction; kNotFound if the authorization is gone.
Status update_authorization_token(Db& db, const model::Authorization& r);

// Deletes the authorizations matching `where` (SQL over the authorizations
// table, `?1` bound to `arg`) inside the caller's write transaction and
// appends their token hashes to `hashes` (for cache invalidation).
Status delete_authorizations(Db& db, const char* where, const std::string& arg,
                             std::vector<std::string>& hashes);
// The same with `?1` and `?2` bound to `arg` and `arg2`.
Status delete_authorizations(Db& db, const char* where, const std::string& arg,
                             const std::string& arg2, std::vector<std::string>& hashes);

// Writes a refresh token on `db` (inside the caller's write transaction).
Status insert_refresh_token(Db& db, const model::RefreshToken& refresh);

// Writes a session row on `db` (inside the caller's write transaction).
Status insert_session(Db& db, const model::Session& session);

// Selects/deletes return authorization columns in this order (read_authorization).
extern const char* const kAuthorizationColumns;
Result<model::Authorization> read_authorization(const Stmt& stmt);

class SqliteAccounts final : public AccountStore {
 public:
  explicit SqliteAccounts(Connections& c) : c_(c) {}
  Status create(const model::Account& account, const model::AuditEvent& event) override;
  Result<model::Account> find_by_id(const std::string& id) override;
  Result<model::Account> find_by_email(const std::string& email) override;
  Status update(const model::Account& account) override;
  Status update(const model::Account& account, const model::AuditEvent& event) override;
  Status record_login(const std::string& id, UnixTime at, const std::string& verified_hash,
                      const std::string& new_hash) override;
  Status set_name(const std::string& id, const std::string& name, UnixTime at) override;
  Status set_password(const std::string& id, const std::string& verified_hash, const std::string& new_hash,
                      UnixTime at, const model::AuditEvent& event) override;
  Status set_disabled(const std::string& id, bool disabled, UnixTime at,
                      const model::AuditEvent& event) override;
  Result<std::vector<model::Account>> list() override;
  Result<long> count() override;
  Status remove(const std::string& id, const model::AuditEvent& event) override;

 private:
  Connections& c_;
};

class SqliteAuthorizations final : public AuthorizationStore {
 public:
  explicit SqliteAuthorizations(Connections& c) : c_(c) {}
  Status create(const model::Authorization& authz, const model::AuditEvent& event) override;
  Result<model::Authorization> find_by_token_hash(const std::string& token_hash) override;
  Result<model::Authorization> find(const std::string& account_id, const std::string& id) override;
  Result<model::Authorization> find_api_key(const std::string& account_id) override;
  Result<std::vector<model::Authorization>> list(const std::string& account_id) override;
  Status update_description(const std::string& account_id, const std::string& id,
                            const std::string& description, UnixTime now) override;
  Status replace_token(const model::Authorization& rotated, const model::AuditEvent& event) override;
  Result<model::Authorization> remove(const std::string& account_id, const std::string& id,
                                      const model::AuditEvent& event) override;
  Result<std::vector<std::string>> remove_all_but_api_key(const std::string& account_id) override;
  Status touch(const std::string& id, UnixTime at, const std::string& ip) override;

 private:
  Result<model::Authorization> find_one(const char* where, const std::string& a,
                                        const std::string* b);
  Connections& c_;
};

class SqliteSessions final : public SessionStore {
 public:
  explicit SqliteSessions(Connections& c) : c_(c) {}
  Status create_with_authorization(const model::Session& session, const model::Authorization& authz,
                                   const model::AuditEvent& event) override;
  Result<model::Session> find(const std::string& account_id, const std::string& id) override;
  Result<std::vector<model::Session>> list(const std::string& account_id) override;
  Result<Removed> remove(const std::string& account_id, const std::string& id,
                         const model::AuditEvent& event) override;
  Status create(const model::Session& session, const model::AuditEvent& event) override;
  Result<model::Session> find_by_token_hash(const std::string& token_hash) override;
  Status rotate(const std::string& old_hash, const model::Session& next,
                const model::AuditEvent& event) override;
  Status touch(const std::string& id, UnixTime at) override;

 private:
  Connections& c_;
};

class SqliteThrottles final : public ThrottleStore {
 public:
  explicit SqliteThrottles(Connections& c) : c_(c) {}
  Result<ThrottleState> get(const std::string& key) override;
  Result<ThrottleState> record_failure(const std::string& key, UnixTime at, int lock_at) override;
  Status reset(const std::string& key) override;

 private:
  Connections& c_;
};

class SqliteOneTimeSecrets final : public OneTimeSecretStore {
 public:
  explicit SqliteOneTimeSecrets(Connections& c) : c_(c) {}
  Status put(const model::OneTimeSecret& secret) override;
  Result<model::OneTimeSecret> consume(const std::string& hash, const std::string& purpose,
                                       UnixTime now) override;

 private:
  Connections& c_;
};

class SqliteAudit final : public AuditStore {
 public:
  explicit SqliteAudit(Connections& c) : c_(c) {}
  Status append(const model::AuditEvent& event) override;
  Result<std::vector<model::AuditEvent>> list(const std::string& account_id, int limit) override;
  Result<std::vector<model::AuditEvent>> after(std::int64_t seq, int limit) override;
  Result<std::int64_t> last_seq() override;
  Result<std::vector<model::AuditEvent>> query(const AuditQuery& q) override;
  Result<long> prune(UnixTime before, int batch) override;

 private:
  Connections& c_;
};

class SqliteClients final : public ClientStore {
 public:
  explicit SqliteClients(Connections& c) : c_(c) {}
  Status create(const model::OAuthClient& client, const model::AuditEvent& event) override;
  Result<model::OAuthClient> find(const std::string& owner_id, const std::string& id) override;
  Result<model::OAuthClient> find_by_id(const std::string& id) override;
  Result<std::vector<model::OAuthClient>> list(const std::string& owner_id) override;
  Status update(const model::OAuthClient& client, const model::AuditEvent& event) override;
  Result<Removed> remove(const std::string& owner_id, const std::string& id,
                         const model::AuditEvent& event) override;

 private:
  Connections& c_;
};

class SqliteMfa final : public MfaStore {
 public:
  explicit SqliteMfa(Connections& c) : c_(c) {}
  Result<model::TotpFactor> find_totp(const std::string& account_id) override;
  Status put_pending(const std::string& account_id, const std::string& sealed, UnixTime now) override;
  Result<int> record_pending_failure(const std::string& account_id, const std::string& sealed,
                                     int discard_at) override;
  Status activate(const std::string& account_id, const std::string& sealed, std::int64_t step,
                  const std::vector<std::string>& code_hashes, UnixTime now,
                  const model::AuditEvent& event) override;
  Status use_step(const std::string& account_id, std::int64_t step) override;
  Status use_recovery_code(const std::string& account_id, const std::string& code_hash,
                           UnixTime now, const model::AuditEvent& event) override;
  Status replace_recovery_codes(const std::string& account_id,
                                const std::vector<std::string>& code_hashes, UnixTime now,
                                const model::AuditEvent& event) override;
  Result<model::RecoveryCodeSummary> recovery_codes(const std::string& account_id) override;
  Status remove(const std::string& account_id, UnixTime now, const model::AuditEvent& event) override;

 private:
  Connections& c_;
};

class SqliteGrants final : public GrantStore {
 public:
  explicit SqliteGrants(Connections& c) : c_(c) {}
  Status put_code(const model::AuthorizationCode& code) override;
  Result<model::AuthorizationCode> find_code(const std::string& code_hash) override;
  Status burn_code(const std::string& code_hash, UnixTime now) override;
  Status redeem_code(const std::string& code_hash, UnixTime now, const model::Authorization& authz,
                     const std::optional<model::RefreshToken>& refresh,
                     const model::AuditEvent& event) override;
  Status create_grant(const model::Authorization& authz,
                      const std::optional<model::RefreshToken>& refresh,
                      const model::AuditEvent& event) override;
  void create_grant_async(model::Authorization authz, model::AuditEvent event,
                          std::function<void(Status)> done) override;
  Result<model::RefreshToken> find_refresh(const std::string& token_hash) override;
  Status rotate_refresh(const std::string& old_hash, UnixTime now, const model::RefreshToken& next,
                        const model::Authorization& rotated, const model::AuditEvent& event) override;
  Result<model::Consent> find_consent(const std::string& account_id,
                                      const std::string& client_id) override;
  Status put_consent(const model::Consent& consent, const model::AuditEvent& event) override;
  Result<std::vector<std::string>> withdraw_consent(const std::string& account_id,
                                                    const std::string& client_id,
                                                    const model::AuditEvent& event) override;
  Status purge(UnixTime before) override;

 private:
  Connections& c_;
};

class SqliteDevices final : public DeviceStore {
 public:
  explicit SqliteDevices(Connections& c) : c_(c) {}
  Status create(const model::DeviceGrant& grant) override;
  Result<model::DeviceGrant> find(const std::string& id) override;
  Result<model::DeviceGrant> find_by_secret(const std::string& secret_hash) override;
  Result<model::DeviceGrant> find_by_user_code(const std::string& user_code) override;
  Result<Poll> poll(const std::string& secret_hash, UnixTime now, int base_interval) override;
  Status decide(const std::string& id, bool approve, const std::string& account_id, UnixTime now,
                const model::AuditEvent& event) override;
  Status redeem(const std::string& secret_hash, UnixTime now, const model::Authorization& authz,
                const std::optional<model::Session>& session,
                const std::optional<model::RefreshToken>& refresh,
                const model::AuditEvent& event) override;

 private:
  Result<model::DeviceGrant> find_where(const char* where, const std::string& value);
  Connections& c_;
};

class SqliteSigningKeys final : public SigningKeyStore {
 public:
  explicit SqliteSigningKeys(Connections& c) : c_(c) {}
  Result<std::vector<model::SigningKeyRecord>> list() override;
  Status add(const model::SigningKeyRecord& key) override;
  Status retire(const std::string& kid, UnixTime at) override;
  Status remove_retired(UnixTime before) override;

 private:
  Connections& c_;
};

// Apps, config vars and releases in sqlite_apps.cc; collaborators in
// sqlite_collaborators.cc.
class SqliteApps final : public AppStore {
 public:
  explicit SqliteApps(Connections& c) : c_(c) {}
  Status create(const model::App& app, const model::Release& first,
                const model::AuditEvent& event) override;
  Result<model::App> find(const std::string& id_or_name) override;
  Result<std::vector<model::App>> list_for(const std::string& account_id) override;
  Result<std::vector<model::App>> list_team(const std::string& team_id) override;
  Status update(const model::App& app, const model::AuditEvent& event) override;
  Result<model::App> remove(const std::string& app_id, const model::AuditEvent& event) override;

  Result<std::map<std::string, std::string>> config_vars(const std::string& app_id) override;
  Result<ConfigChange> change_config_vars(
      const std::string& app_id,
      const std::vector<std::pair<std::string, std::optional<std::string>>>& changes,
      model::Release release, const model::AuditEvent& event) override;
  Result<model::Release> add_release(model::Release release,
                                     const model::AuditEvent& event) override;
  Result<std::vector<model::Release>> releases(const std::string& app_id) override;

  Status add_collaborator(const model::Collaborator& c, const model::AuditEvent& event) override;
  Result<std::vector<model::Collaborator>> collaborators(const std::string& app_id) override;
  Result<model::Collaborator> find_collaborator(const std::string& app_id,
                                                const std::string& account_id) override;
  Status update_collaborator(const model::Collaborator& c, const model::AuditEvent& event) override;
  Result<model::Collaborator> remove_collaborator(const std::string& app_id,
                                                  const std::string& account_id,
                                                  const model::AuditEvent& event) override;

 private:
  Connections& c_;
};

class SqliteTeams final : public TeamStore {
 public:
  explicit SqliteTeams(Connections& c) : c_(c) {}
  Status create(const model::Team& team, const model::TeamMember& creator,
                const model::AuditEvent& event) override;
  Result<model::Team> find(const std::string& id_or_name) override;
  Result<std::vector<model::Team>> list_for(const std::string& account_id) override;
  Result<std::vector<model::TeamMember>> members(const std::string& team_id) override;
  Result<model::TeamMember> find_member(const std::string& team_id,
                                        const std::string& account_id) override;
  Status put_member(const model::TeamMember& member, const model::AuditEvent& event) override;
  Result<model::TeamMember> remove_member(const std::string& team_id,
                                          const std::string& account_id,
                                          const model::AuditEvent& event) override;
  Result<model::Team> remove(const std::string& team_id, const model::AuditEvent& event) override;

 private:
  Connections& c_;
};

// kNotFound("app") unless an app with this id exists (inside the caller's
// transaction; shared by the app, config and collaborator writes).
Status require_app(Db& db, const std::string& app_id);

}  // namespace latchkey::store::sqlite
