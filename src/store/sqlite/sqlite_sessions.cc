// SessionStore on SQLite. A CLI login is a session plus its authorization
// (authorizations.session_id -> sessions.id ON DELETE CASCADE); remove() deletes
// the authorizations explicitly first so it can return their token hashes.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, account_id, kind, description, created_at, updated_at, expires_at, created_ip, "
    "user_agent";

model::Session read_session(const Stmt& s) {
  model::Session x;
  x.id = s.text(0);
  x.account_id = s.text(1);
  x.kind = s.text(2);
  x.description = s.text(3);
  x.created_at = s.int64(4);
  x.updated_at = s.int64(5);
  x.expires_at = s.opt_int64(6);
  x.created_ip = s.text(7);
  x.user_agent = s.text(8);
  return x;
}

}  // namespace

Status SqliteSessions::create_with_authorization(const model::Session& session,
                                                 const model::Authorization& authz,
                                                 const model::AuditEvent& event) {
  if (authz.account_id != session.account_id) {
    return fail(internal("store: session and authorization belong to different accounts"));
  }
  if (authz.session_id && *authz.session_id != session.id) {
    return fail(internal("store: authorization is bound to another session"));
  }
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(std::string("INSERT INTO sessions (") + kColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(session.id, session.account_id, session.kind, session.description,
                   session.created_at, session.updated_at, session.expires_at, session.created_ip,
                   session.user_agent);
    if (auto st = stmt->run("account"); !st) return st;
    model::Authorization bound = authz;
    bound.session_id = session.id;
    if (auto st = insert_authorization(db, bound); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Session> SqliteSessions::find(const std::string& account_id, const std::string& id) {
  return c_.read([&](Db& db) -> Result<model::Session> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM sessions WHERE account_id = ?1 AND id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("session"));
    return read_session(*stmt);
  });
}

Result<std::vector<model::Session>> SqliteSessions::list(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Session>> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM sessions WHERE account_id = ?1 ORDER BY created_at, rowid");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    std::vector<model::Session> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      out.push_back(read_session(*stmt));
    }
  });
}

Result<SessionStore::Removed> SqliteSessions::remove(const std::string& account_id,
                                                     const std::string& id,
                                                     const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<Removed> {
    Removed removed;
    {
      auto sel = db.prepare(std::string("SELECT ") + kColumns +
                            " FROM sessions WHERE account_id = ?1 AND id = ?2");
      if (!sel) return fail(sel.error());
      sel->bind_all(account_id, id);
      auto row = sel->step();
      if (!row) return fail(row.error());
      if (!*row) return fail(not_found("session"));
      removed.session = read_session(*sel);
    }
    {
      auto del = db.prepare("DELETE FROM authorizations WHERE session_id = ?1 RETURNING token_hash");
      if (!del) return fail(del.error());
      del->bind_all(id);
      for (;;) {
        auto row = del->step();
        if (!row) return fail(row.error());
        if (!*row) break;
        removed.token_hashes.push_back(del->text(0));
      }
    }
    auto del = db.prepare("DELETE FROM sessions WHERE id = ?1");
    if (!del) return fail(del.error());
    del->bind_all(id);
    if (auto st = del->run(); !st) return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return removed;
  });
}

}  // namespace latchkey::store::sqlite
