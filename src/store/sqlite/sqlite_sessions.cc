// SessionStore on SQLite. A CLI login is a session plus its authorization
// (authorizations.session_id -> sessions.id ON DELETE CASCADE); remove() deletes
// the authorizations explicitly first so it can return their token hashes.
// A browser session is a row with the hash of its cookie (token_hash, unique).
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, account_id, kind, description, created_at, updated_at, expires_at, created_ip, "
    "user_agent, token_hash, stage, last_seen_at, authenticated_at";

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
  x.token_hash = s.opt_text(9);
  x.stage = s.text(10);
  x.last_seen_at = s.opt_int64(11);
  x.authenticated_at = s.opt_int64(12);
  return x;
}

}  // namespace

Status insert_session(Db& db, const model::Session& s) {
  auto stmt = db.prepare(std::string("INSERT INTO sessions (") + kColumns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(s.id, s.account_id, s.kind, s.description, s.created_at, s.updated_at,
                 s.expires_at, s.created_ip, s.user_agent, s.token_hash, s.stage, s.last_seen_at,
                 s.authenticated_at);
  return stmt->run("account");
}

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
    if (auto st = insert_session(db, session); !st) return st;
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
    if (auto st = delete_authorizations(db, "session_id = ?1", id, removed.token_hashes); !st)
      return fail(st.error());
    auto del = db.prepare("DELETE FROM sessions WHERE id = ?1");
    if (!del) return fail(del.error());
    del->bind_all(id);
    if (auto st = del->run(); !st) return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return removed;
  });
}

Status SqliteSessions::create(const model::Session& session, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = insert_session(db, session); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Session> SqliteSessions::find_by_token_hash(const std::string& token_hash) {
  return c_.read([&](Db& db) -> Result<model::Session> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns + " FROM sessions WHERE token_hash = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(token_hash);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("session"));
    return read_session(*stmt);
  });
}

Status SqliteSessions::rotate(const std::string& old_hash, const model::Session& next,
                              const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE sessions SET token_hash = ?3, stage = ?4, authenticated_at = ?5, "
        "last_seen_at = ?6, expires_at = ?7, updated_at = ?8 WHERE id = ?1 AND token_hash = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(next.id, old_hash, next.token_hash, next.stage, next.authenticated_at,
                   next.last_seen_at, next.expires_at, next.updated_at);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0)
      return fail(Error(ErrorCode::kGone, "This session has ended. Please sign in again."));
    return insert_audit(db, event);
  });
}

Status SqliteSessions::touch(const std::string& id, UnixTime at) {
  return c_.try_write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1 AND (last_seen_at IS NULL OR "
        "last_seen_at < ?2)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id, at);
    return stmt->run();
  });
}

}  // namespace latchkey::store::sqlite
