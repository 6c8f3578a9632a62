// AuditStore on SQLite: append-only rows, listed newest first (created_at, then
// insertion order via the AUTOINCREMENT seq).
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

Status insert_audit(Db& db, const model::AuditEvent& event) {
  auto stmt = db.prepare(
      "INSERT INTO audit_events (id, account_id, action, detail, ip, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(event.id, event.account_id, event.action, event.detail, event.ip,
                 event.created_at);
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
        "SELECT id, account_id, action, detail, ip, created_at FROM audit_events "
        "WHERE account_id = ?1 ORDER BY created_at DESC, seq DESC LIMIT ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, limit);
    std::vector<model::AuditEvent> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      model::AuditEvent e;
      e.id = stmt->text(0);
      e.account_id = stmt->text(1);
      e.action = stmt->text(2);
      e.detail = stmt->text(3);
      e.ip = stmt->text(4);
      e.created_at = stmt->int64(5);
      out.push_back(std::move(e));
    }
  });
}

}  // namespace latchkey::store::sqlite
