// DeviceStore on SQLite. Every status change is one conditional UPDATE on the
// expected status, so a decision or a redemption has exactly one winner (R2).
// A poll reads and updates interval_s and last_poll_at in one write
// transaction, so the slow_down rule holds however polls interleave.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, kind, secret_hash, user_code, client_id, scope, description, requester_ip, "
    "requester_ua, created_at, expires_at, interval_s, last_poll_at, status, account_id, "
    "decided_at";

Result<model::DeviceGrant> read_grant(const Stmt& s) {
  model::DeviceGrant g;
  g.id = s.text(0);
  g.kind = s.text(1);
  g.secret_hash = s.text(2);
  g.user_code = s.opt_text(3);
  g.client_id = s.text(4);
  auto scope = decode_scope(s.text(5));
  if (!scope) return fail(scope.error());
  g.scope = std::move(*scope);
  g.description = s.text(6);
  g.requester_ip = s.text(7);
  g.requester_ua = s.text(8);
  g.created_at = s.int64(9);
  g.expires_at = s.int64(10);
  g.interval_s = static_cast<int>(s.int64(11));
  g.last_poll_at = s.opt_int64(12);
  g.status = s.text(13);
  g.account_id = s.opt_text(14);
  g.decided_at = s.opt_int64(15);
  return g;
}

Error no_grant() { return not_found("device_grant", "Couldn't find that login request."); }

}  // namespace

Status SqliteDevices::create(const model::DeviceGrant& g) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(std::string("INSERT INTO device_grants (") + kColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                           "?15, ?16)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(g.id, g.kind, g.secret_hash, g.user_code, g.client_id, encode_scope(g.scope),
                   g.description, g.requester_ip, g.requester_ua, g.created_at, g.expires_at,
                   g.interval_s, g.last_poll_at, g.status, g.account_id, g.decided_at);
    return stmt->run("account");
  });
}

Result<model::DeviceGrant> SqliteDevices::find_where(const char* where, const std::string& value) {
  return c_.read([&](Db& db) -> Result<model::DeviceGrant> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns + " FROM device_grants WHERE " + where);
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(value);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(no_grant());
    return read_grant(*stmt);
  });
}

Result<model::DeviceGrant> SqliteDevices::find(const std::string& id) {
  return find_where("id = ?1", id);
}

Result<model::DeviceGrant> SqliteDevices::find_by_secret(const std::string& secret_hash) {
  return find_where("secret_hash = ?1", secret_hash);
}

Result<model::DeviceGrant> SqliteDevices::find_by_user_code(const std::string& user_code) {
  return find_where("user_code = ?1 AND status = 'pending'", user_code);
}

Result<DeviceStore::Poll> SqliteDevices::poll(const std::string& secret_hash, UnixTime now,
                                              int base_interval) {
  return c_.write([&](Db& db) -> Result<Poll> {
    // Read and update inside one write transaction (the writer lock), so the
    // slow_down rule holds however polls interleave.
    auto sel = db.prepare(std::string("SELECT ") + kColumns + " FROM device_grants WHERE secret_hash = ?1");
    if (!sel) return fail(sel.error());
    sel->bind_all(secret_hash);
    auto row = sel->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(no_grant());
    auto grant = read_grant(*sel);
    if (!grant) return fail(grant.error());
    Poll out{std::move(*grant), false};
    auto& g = out.grant;
    const auto gap = g.last_poll_at ? now - *g.last_poll_at : g.interval_s;
    out.slow_down = gap < g.interval_s;
    if (out.slow_down && (g.interval_s <= base_interval || gap < g.interval_s - 5)) g.interval_s += 5;
    g.last_poll_at = now;
    auto upd = db.prepare("UPDATE device_grants SET interval_s = ?2, last_poll_at = ?3 WHERE id = ?1");
    if (!upd) return fail(upd.error());
    upd->bind_all(g.id, g.interval_s, now);
    if (auto st = upd->run(); !st) return fail(st.error());
    return out;
  });
}

Status SqliteDevices::decide(const std::string& id, bool approve, const std::string& account_id,
                             UnixTime now, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE device_grants SET status = ?2, account_id = ?3, decided_at = ?4 "
        "WHERE id = ?1 AND status = 'pending' AND expires_at > ?4");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id, approve ? "approved" : "denied", account_id, now);
    if (auto st = stmt->run("account"); !st) return st;
    if (db.changes() == 0)
      return fail(Error(ErrorCode::kGone, "This login request was already answered or has expired."));
    return insert_audit(db, event);
  });
}

Status SqliteDevices::redeem(const std::string& secret_hash, UnixTime now,
                             const model::Authorization& authz,
                             const std::optional<model::Session>& session,
                             const std::optional<model::RefreshToken>& refresh,
                             const model::AuditEvent& event) {
  // As SessionStore::create_with_authorization: a CLI login's token is bound to
  // its session, so ending the session revokes the token.
  model::Authorization bound = authz;
  if (session) {
    if (authz.account_id != session->account_id) {
      return fail(internal("store: session and authorization belong to different accounts"));
    }
    if (authz.session_id && *authz.session_id != session->id) {
      return fail(internal("store: authorization is bound to another session"));
    }
    bound.session_id = session->id;
  }
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE device_grants SET status = 'redeemed' "
        "WHERE secret_hash = ?1 AND status = 'approved' AND expires_at > ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(secret_hash, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0)
      return fail(Error(ErrorCode::kGone, "This login request was already used or has expired."));
    if (session)
      if (auto st = insert_session(db, *session); !st) return st;
    if (auto st = insert_authorization(db, bound); !st) return st;
    if (refresh)
      if (auto st = insert_refresh_token(db, *refresh); !st) return st;
    return insert_audit(db, event);
  });
}

}  // namespace latchkey::store::sqlite
