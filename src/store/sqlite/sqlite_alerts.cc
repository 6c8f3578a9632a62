// AlertStore on SQLite (docs/alerts.md): the dispatcher's cursor, the
// persisted deliveries with their retry state, known sign-in devices and
// token IPs (migration 0007). advance() is one conditional UPDATE of the
// cursor plus the inserts, in one transaction: two dispatchers cannot both
// enqueue the same events.
#include "store/sqlite/sqlite_alerts.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kDeliveryColumns =
    "id, event_seq, kind, channel, account_id, payload, state, attempts, next_attempt_at, "
    "last_error, created_at";

Result<std::vector<AlertDelivery>> read_deliveries(Stmt& stmt) {
  std::vector<AlertDelivery> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    AlertDelivery d;
    d.id = stmt.text(0);
    d.event_seq = stmt.int64(1);
    d.kind = stmt.text(2);
    d.channel = stmt.text(3);
    d.account_id = stmt.text(4);
    d.payload = stmt.text(5);
    d.state = stmt.text(6);
    d.attempts = static_cast<int>(stmt.int64(7));
    d.next_attempt_at = stmt.int64(8);
    d.last_error = stmt.text(9);
    d.created_at = stmt.int64(10);
    out.push_back(std::move(d));
  }
}

}  // namespace

Result<std::optional<std::int64_t>> SqliteAlerts::cursor(const std::string& name) {
  return c_.read([&](Db& db) -> Result<std::optional<std::int64_t>> {
    auto stmt = db.prepare("SELECT last_seq FROM alert_cursors WHERE name = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(name);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(stmt->int64(0));
  });
}

Result<std::int64_t> SqliteAlerts::init_cursor(const std::string& name, std::int64_t seq) {
  return c_.write([&](Db& db) -> Result<std::int64_t> {
    auto ins = db.prepare(
        "INSERT INTO alert_cursors (name, last_seq) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING");
    if (!ins) return fail(ins.error());
    ins->bind_all(name, seq);
    if (auto st = ins->run(); !st) return fail(st.error());
    auto sel = db.prepare("SELECT last_seq FROM alert_cursors WHERE name = ?1");
    if (!sel) return fail(sel.error());
    sel->bind_all(name);
    auto row = sel->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(internal("sqlite: alert cursor vanished"));
    return sel->int64(0);
  });
}

Status SqliteAlerts::advance(const std::string& name, std::int64_t from, std::int64_t to,
                             const std::vector<KnownDevice>& devices,
                             const std::vector<AlertDelivery>& deliveries) {
  return c_.write([&](Db& db) -> Status {
    auto upd = db.prepare("UPDATE alert_cursors SET last_seq = ?3 WHERE name = ?1 AND last_seq = ?2");
    if (!upd) return fail(upd.error());
    upd->bind_all(name, from, to);
    if (auto st = upd->run(); !st) return st;
    if (db.changes() != 1) return fail(Error(ErrorCode::kConflict, "alert cursor moved"));
    for (const auto& d : devices) {
      auto stmt = db.prepare(
          "INSERT INTO known_devices (account_id, kind, value, first_seen_at, last_seen_at) "
          "VALUES (?1, ?2, ?3, unixepoch(), unixepoch()) ON CONFLICT DO UPDATE SET "
          "last_seen_at = excluded.last_seen_at");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(d.account_id, d.kind, d.value);
      if (auto st = stmt->run(); !st) return st;
    }
    for (const auto& d : deliveries) {
      auto stmt = db.prepare(std::string("INSERT INTO alert_deliveries (") + kDeliveryColumns +
                             ", updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                             "?11, ?11) ON CONFLICT (event_seq, channel) DO NOTHING");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(d.id, d.event_seq, d.kind, d.channel, d.account_id, d.payload, d.state,
                     d.attempts, d.next_attempt_at, d.last_error, d.created_at);
      if (auto st = stmt->run(); !st) return st;
    }
    return {};
  });
}

Result<bool> SqliteAlerts::is_known_device(const KnownDevice& device) {
  return c_.read([&](Db& db) -> Result<bool> {
    auto stmt = db.prepare(
        "SELECT 1 FROM known_devices WHERE account_id = ?1 AND kind = ?2 AND value = ?3");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(device.account_id, device.kind, device.value);
    return stmt->step();
  });
}

Result<int> SqliteAlerts::count_known_devices(const std::string& account_id,
                                             const std::string& kind) {
  return c_.read([&](Db& db) -> Result<int> {
    auto stmt = db.prepare("SELECT COUNT(*) FROM known_devices WHERE account_id = ?1 AND kind = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, kind);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    return *row ? static_cast<int>(stmt->int64(0)) : 0;
  });
}

Result<std::vector<AlertDelivery>> SqliteAlerts::due(UnixTime now, int limit) {
  return c_.read([&](Db& db) -> Result<std::vector<AlertDelivery>> {
    auto stmt = db.prepare(std::string("SELECT ") + kDeliveryColumns +
                           " FROM alert_deliveries WHERE state = 'pending' AND "
                           "next_attempt_at <= ?1 ORDER BY next_attempt_at, event_seq LIMIT ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(now, limit);
    return read_deliveries(*stmt);
  });
}

Status SqliteAlerts::record_attempt(const AlertDelivery& d, UnixTime now) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE alert_deliveries SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
        "last_error = ?5, updated_at = ?6 WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(d.id, d.state, d.attempts, d.next_attempt_at, d.last_error.substr(0, 500), now);
    return stmt->run();
  });
}

Result<std::vector<AlertDelivery>> SqliteAlerts::deliveries(std::int64_t event_seq) {
  return c_.read([&](Db& db) -> Result<std::vector<AlertDelivery>> {
    auto stmt = db.prepare(std::string("SELECT ") + kDeliveryColumns +
                           " FROM alert_deliveries WHERE event_seq = ?1 ORDER BY channel");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(event_seq);
    return read_deliveries(*stmt);
  });
}

Result<bool> SqliteAlerts::record_token_ip(const std::string& authz_id, const std::string& ip,
                                           UnixTime now, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<bool> {
    auto stmt = db.prepare(
        "INSERT INTO token_ips (authorization_id, ip, first_seen_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT DO NOTHING");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(authz_id, ip, now);
    if (auto st = stmt->run(); !st) return fail(st.error());
    if (db.changes() == 0) return false;
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return true;
  });
}

Result<std::vector<model::Authorization>> SqliteAlerts::expiring_unwarned(UnixTime now,
                                                                          UnixTime until,
                                                                          int limit) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Authorization>> {
    auto stmt = db.prepare(
        std::string("SELECT ") + kAuthorizationColumns +
        " FROM authorizations a WHERE expires_at > ?1 AND expires_at <= ?2 AND NOT EXISTS "
        "(SELECT 1 FROM audit_events e WHERE e.action = 'authorization.expiring' AND "
        "e.authorization_id = a.id) ORDER BY expires_at LIMIT ?3");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(now, until, limit);
    std::vector<model::Authorization> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      auto a = read_authorization(*stmt);
      if (!a) return fail(a.error());
      out.push_back(std::move(*a));
    }
  });
}

Result<bool> SqliteAlerts::record_expiring(const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<bool> {
    auto stmt = db.prepare(
        "SELECT 1 FROM audit_events WHERE action = 'authorization.expiring' AND "
        "authorization_id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(event.authorization_id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (*row) return false;
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return true;
  });
}

Result<model::OAuthClient> SqliteAlerts::find_client_by_secret_hash(const std::string& secret_hash) {
  return c_.read([&](Db& db) -> Result<model::OAuthClient> {
    auto stmt = db.prepare(
        "SELECT id, owner_id, name, is_public FROM oauth_clients WHERE secret_hash = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(secret_hash);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("client"));
    model::OAuthClient c;
    c.id = stmt->text(0);
    c.owner_id = stmt->text(1);
    c.name = stmt->text(2);
    c.is_public = stmt->boolean(3);
    return c;
  });
}

}  // namespace latchkey::store::sqlite
