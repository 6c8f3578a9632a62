// AppStore on SQLite, part 2: an app's collaborators (one row per app and
// account, permissions as a JSON array). Reads join the account's email.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kSelectCollaborators =
    "SELECT c.id, c.app_id, c.account_id, a.email, c.permissions, c.created_at, c.updated_at "
    "FROM collaborators c JOIN accounts a ON a.id = c.account_id ";

Result<model::Collaborator> read_collaborator(const Stmt& s) {
  model::Collaborator c;
  c.id = s.text(0);
  c.app_id = s.text(1);
  c.account_id = s.text(2);
  c.email = s.text(3);
  auto permissions = decode_scope(s.text(4));
  if (!permissions) return fail(permissions.error());
  c.permissions = std::move(*permissions);
  c.created_at = s.int64(5);
  c.updated_at = s.int64(6);
  return c;
}

Error no_collaborator() { return not_found("collaborator", "Couldn't find that collaborator."); }

Result<model::Collaborator> find_one(Db& db, const std::string& app_id,
                                     const std::string& account_id) {
  auto stmt = db.prepare(std::string(kSelectCollaborators) +
                         "WHERE c.app_id = ?1 AND c.account_id = ?2");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(app_id, account_id);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(no_collaborator());
  return read_collaborator(*stmt);
}

}  // namespace

Status SqliteApps::add_collaborator(const model::Collaborator& c, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = require_app(db, c.app_id); !st) return st;
    auto stmt = db.prepare(
        "INSERT INTO collaborators (id, app_id, account_id, permissions, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.id, c.app_id, c.account_id, encode_scope(c.permissions), c.created_at,
                   c.updated_at);
    if (auto st = stmt->run("account"); !st) return st;
    return insert_audit(db, event);
  });
}

Result<std::vector<model::Collaborator>> SqliteApps::collaborators(const std::string& app_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Collaborator>> {
    if (auto st = require_app(db, app_id); !st) return fail(st.error());
    auto stmt = db.prepare(std::string(kSelectCollaborators) +
                           "WHERE c.app_id = ?1 ORDER BY c.created_at, c.rowid");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app_id);
    std::vector<model::Collaborator> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      auto c = read_collaborator(*stmt);
      if (!c) return fail(c.error());
      out.push_back(std::move(*c));
    }
  });
}

Result<model::Collaborator> SqliteApps::find_collaborator(const std::string& app_id,
                                                          const std::string& account_id) {
  return c_.read([&](Db& db) { return find_one(db, app_id, account_id); });
}

Status SqliteApps::update_collaborator(const model::Collaborator& c,
                                       const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE collaborators SET permissions = ?3, updated_at = ?4 "
        "WHERE app_id = ?1 AND account_id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.app_id, c.account_id, encode_scope(c.permissions), c.updated_at);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(no_collaborator());
    return insert_audit(db, event);
  });
}

Result<model::Collaborator> SqliteApps::remove_collaborator(const std::string& app_id,
                                                            const std::string& account_id,
                                                            const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<model::Collaborator> {
    auto c = find_one(db, app_id, account_id);
    if (!c) return fail(c.error());
    auto stmt = db.prepare("DELETE FROM collaborators WHERE app_id = ?1 AND account_id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app_id, account_id);
    if (auto st = stmt->run(); !st) return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return c;
  });
}

}  // namespace latchkey::store::sqlite
