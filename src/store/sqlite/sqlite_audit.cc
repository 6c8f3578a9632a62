// AuditStore on SQLite: append-only rows, listed newest first (created_at, then
// insertion order via the AUTOINCREMENT seq), tailed in seq order, read in
// filtered keyset pages on seq (query), and pruned in small batches (prune).
#include <algorithm>

#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "seq, id, account_id, actor_id, action, outcome, detail, ip, user_agent, request_id, "
    "authorization_id, token_prefix, app_id, team_id, created_at";

model::AuditEvent read_event(Stmt& stmt) {
  model::AuditEvent e;
  e.seq = stmt.int64(0);
  e.id = stmt.text(1);
  e.account_id = stmt.text(2);
  e.actor_id = stmt.text(3);
  e.action = stmt.text(4);
  e.outcome = stmt.text(5);
  e.detail = stmt.text(6);
  e.ip = stmt.text(7);
  e.user_agent = stmt.text(8);
  e.request_id = stmt.text(9);
  e.authorization_id = stmt.text(10);
  e.token_prefix = stmt.text(11);
  e.app_id = stmt.text(12);
  e.team_id = stmt.text(13);
  e.created_at = stmt.int64(14);
  return e;
}

}  // namespace

Result<std::vector<model::AuditEvent>> read_events(Stmt& stmt) {
  std::vector<model::AuditEvent> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_event(stmt));
  }
}

std::string audit_select(std::string_view where_and_order) {
  return std::string("SELECT ") + kColumns + " FROM audit_events " + std::string(where_and_order);
}

Status insert_audit(Db& db, const model::AuditEvent& event) {
  auto stmt = db.prepare(
      "INSERT INTO audit_events (id, account_id, actor_id, action, outcome, detail, ip, "
      "user_agent, request_id, authorization_id, token_prefix, app_id, team_id, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(event.id, event.account_id, event.actor_id, event.action,
                 event.outcome.empty() ? std::string("success") : event.outcome, event.detail,
                 event.ip, event.user_agent, event.request_id, event.authorization_id,
                 event.token_prefix, event.app_id, event.team_id, event.created_at);
  return stmt->run();
}

Status SqliteAudit::append(const model::AuditEvent& event) {
  return c_.write([&](Db& db) { return insert_audit(db, event); });
}

Result<std::vector<model::AuditEvent>> SqliteAudit::list(const std::string& account_id,
                                                         int limit) {
  if (limit <= 0) return std::vector<model::AuditEvent>{};
  return c_.read([&](Db& db) -> Result<std::vector<model::AuditEvent>> {
    auto stmt = db.prepare(
        audit_select("WHERE account_id = ?1 ORDER BY created_at DESC, seq DESC LIMIT ?2"));
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, limit);
    return read_events(*stmt);
  });
}

Result<std::vector<model::AuditEvent>> SqliteAudit::after(std::int64_t seq, int limit) {
  if (limit <= 0) return std::vector<model::AuditEvent>{};
  return c_.read([&](Db& db) -> Result<std::vector<model::AuditEvent>> {
    auto stmt = db.prepare(audit_select("WHERE seq > ?1 ORDER BY seq LIMIT ?2"));
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(seq, limit);
    return read_events(*stmt);
  });
}

Result<std::int64_t> SqliteAudit::last_seq() {
  return c_.read([&](Db& db) -> Result<std::int64_t> {
    auto stmt = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM audit_events");
    if (!stmt) return fail(stmt.error());
    auto row = stmt->step();
    if (!row) return fail(row.error());
    return *row ? stmt->int64(0) : 0;
  });
}

namespace {

constexpr int kMaxQueryRows = 1000;

// SQL LIKE pattern matching names that start with `prefix` ('\' escapes).
std::string like_prefix(std::string_view prefix) {
  std::string out;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + '%';
}

}  // namespace

// Each filter is one fixed fragment: the column test when it is set, a
// constant test of its (bound, empty) parameter when not, so the planner sees
// only the filters in use (and the account/actor/team indexes) while the
// parameter numbering stays the same.
Result<std::vector<model::AuditEvent>> SqliteAudit::query(const AuditQuery& q) {
  const int limit = std::min(q.limit, kMaxQueryRows);
  if (limit <= 0) return std::vector<model::AuditEvent>{};
  auto part = [](bool on, const char* test, const char* off) { return std::string(on ? test : off); };
  std::string where =
      "WHERE " + part(!q.account_id.empty(), "(account_id = ?1 OR actor_id = ?1)", "?1 = ''") +
      " AND " + part(!q.subject_id.empty(), "account_id = ?2", "?2 = ''") +
      " AND " + part(!q.team_id.empty(), "team_id = ?3", "?3 = ''") +
      " AND " + part(!q.action_prefix.empty(), "action LIKE ?4 ESCAPE '\\'", "?4 = '%'") +
      " AND " + part(q.since != 0, "created_at >= ?5", "?5 = 0") +
      " AND " + part(q.until != 0, "created_at < ?6", "?6 = 0") +
      " AND " + part(q.before_seq != 0, "seq < ?7", "?7 = 0") + " AND seq > ?8" +
      (q.oldest_first ? " ORDER BY seq ASC LIMIT ?9" : " ORDER BY seq DESC LIMIT ?9");
  return c_.read([&](Db& db) -> Result<std::vector<model::AuditEvent>> {
    auto stmt = db.prepare(audit_select(where));
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(q.account_id, q.subject_id, q.team_id, like_prefix(q.action_prefix), q.since,
                   q.until, q.before_seq, q.after_seq, limit);
    return read_events(*stmt);
  });
}

Result<long> SqliteAudit::prune(UnixTime before, int batch) {
  long total = 0;
  batch = std::max(batch, 1);
  for (;;) {
    auto deleted = c_.write([&](Db& db) -> Result<long> {
      auto stmt = db.prepare(
          "DELETE FROM audit_events WHERE seq IN (SELECT seq FROM audit_events "
          "WHERE created_at < ?1 ORDER BY created_at, seq LIMIT ?2)");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(before, batch);
      if (auto st = stmt->run(); !st) return fail(st.error());
      return db.changes();
    });
    if (!deleted) return fail(deleted.error());
    total += *deleted;
    if (*deleted < batch) return total;
  }
}

}  // namespace latchkey::store::sqlite
