// open_sqlite_store / migrate_sqlite: the composition of the SQLite backend.
#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/aggregates.h"
#include "store/sqlite/sqlite_alerts.h"
#include "store/sqlite/connections.h"
#include "store/sqlite/db.h"
#include "store/sqlite/migrations.h"

namespace latchkey::store {
namespace {

using sqlite::Connections;

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Connections> conns)
      : conns_(std::move(conns)),
        accounts_(*conns_),
        authorizations_(*conns_),
        sessions_(*conns_),
        throttles_(*conns_),
        one_time_secrets_(*conns_),
        audit_(*conns_),
        mfa_(*conns_),
        clients_(*conns_),
        grants_(*conns_),
        devices_(*conns_),
        signing_keys_(*conns_),
        apps_(*conns_),
        teams_(*conns_),
        alerts_(*conns_) {}

  AccountStore& accounts() override { return accounts_; }
  AuthorizationStore& authorizations() override { return authorizations_; }
  SessionStore& sessions() override { return sessions_; }
  ThrottleStore& throttles() override { return throttles_; }
  OneTimeSecretStore& one_time_secrets() override { return one_time_secrets_; }
  AuditStore& audit() override { return audit_; }
  MfaStore& mfa() override { return mfa_; }
  ClientStore& clients() override { return clients_; }
  GrantStore& grants() override { return grants_; }
  DeviceStore& devices() override { return devices_; }
  SigningKeyStore& signing_keys() override { return signing_keys_; }
  AppStore& apps() override { return apps_; }
  TeamStore& teams() override { return teams_; }
  AlertStore& alerts() override { return alerts_; }
  Status ping() override { return conns_->ping(); }

 private:
  std::unique_ptr<Connections> conns_;  // declared first: outlives the aggregates
  sqlite::SqliteAccounts accounts_;
  sqlite::SqliteAuthorizations authorizations_;
  sqlite::SqliteSessions sessions_;
  sqlite::SqliteThrottles throttles_;
  sqlite::SqliteOneTimeSecrets one_time_secrets_;
  sqlite::SqliteAudit audit_;
  sqlite::SqliteMfa mfa_;
  sqlite::SqliteClients clients_;
  sqlite::SqliteGrants grants_;
  sqlite::SqliteDevices devices_;
  sqlite::SqliteSigningKeys signing_keys_;
  sqlite::SqliteApps apps_;
  sqlite::SqliteTeams teams_;
  sqlite::SqliteAlerts alerts_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  if (options.path.empty()) return fail(internal("sqlite: empty database path"));
  auto conns = Connections::open({options.path, options.busy_timeout_ms, options.readers, options.deferred_fsync_ms});
  if (!conns) return fail(conns.error());
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*conns)));
}

Status migrate_sqlite(const std::string& path) {
  if (path.empty()) return fail(internal("sqlite: empty database path"));
  auto db = sqlite::Db::open(path, sqlite::Db::Mode::kReadWrite, SqliteOptions{}.busy_timeout_ms);
  if (!db) return fail(db.error());
  return sqlite::migrate(**db, sqlite::embedded_migrations());
}

}  // namespace latchkey::store
