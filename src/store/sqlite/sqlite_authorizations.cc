// AuthorizationStore on SQLite. token_hash is UNIQUE and a partial unique
// index allows one API key per account, so both conflicts surface as kConflict
// from the INSERT itself (no read-then-write race).
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

const char* const kAuthorizationColumns =
    "id, account_id, description, scope, access_token_id, token_hash, token_hint, "
    "token_encrypted, is_api_key, session_id, client_id, expires_at, created_at, updated_at, "
    "created_ip, created_user_agent, last_used_at, last_used_ip";

namespace {

std::string select_where(const char* where) {
  return std::string("SELECT ") + kAuthorizationColumns + " FROM authorizations WHERE " + where;
}

Result<std::vector<model::Authorization>> read_all(Stmt& stmt) {
  std::vector<model::Authorization> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    auto authz = read_authorization(stmt);
    if (!authz) return fail(authz.error());
    out.push_back(std::move(*authz));
  }
}

}  // namespace

Result<model::Authorization> read_authorization(const Stmt& s) {
  model::Authorization a;
  a.id = s.text(0);
  a.account_id = s.text(1);
  a.description = s.text(2);
  auto scope = decode_scope(s.text(3));
  if (!scope) return fail(scope.error());
  a.scope = std::move(*scope);
  a.access_token_id = s.text(4);
  a.token_hash = s.text(5);
  a.token_hint = s.text(6);
  a.token_encrypted = s.text(7);
  a.is_api_key = s.boolean(8);
  a.session_id = s.opt_text(9);
  a.client_id = s.opt_text(10);
  a.expires_at = s.opt_int64(11);
  a.created_at = s.int64(12);
  a.updated_at = s.int64(13);
  a.created_ip = s.text(14);
  a.created_user_agent = s.text(15);
  a.last_used_at = s.opt_int64(16);
  a.last_used_ip = s.text(17);
  return a;
}

Status insert_authorization(Db& db, const model::Authorization& a) {
  if (a.session_id) {
    // Name the missing parent precisely; the FK would only say "constraint failed".
    auto sess = db.prepare("SELECT 1 FROM sessions WHERE id = ?1");
    if (!sess) return fail(sess.error());
    sess->bind_all(*a.session_id);
    auto row = sess->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("session"));
  }
  auto stmt = db.prepare(std::string("INSERT INTO authorizations (") + kAuthorizationColumns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                         "?15, ?16, ?17, ?18)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(a.id, a.account_id, a.description, encode_scope(a.scope), a.access_token_id,
                 a.token_hash, a.token_hint, a.token_encrypted, a.is_api_key, a.session_id,
                 a.client_id, a.expires_at, a.created_at, a.updated_at, a.created_ip,
                 a.created_user_agent, a.last_used_at, a.last_used_ip);
  return stmt->run("account");
}

Status SqliteAuthorizations::create(const model::Authorization& authz,
                                    const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = insert_authorization(db, authz); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Authorization> SqliteAuthorizations::find_one(const char* where,
                                                            const std::string& a,
                                                            const std::string* b) {
  return c_.read([&](Db& db) -> Result<model::Authorization> {
    auto stmt = db.prepare(select_where(where));
    if (!stmt) return fail(stmt.error());
    stmt->bind(1, a);
    if (b != nullptr) stmt->bind(2, *b);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("authorization"));
    return read_authorization(*stmt);
  });
}

Result<model::Authorization> SqliteAuthorizations::find_by_token_hash(const std::string& hash) {
  return find_one("token_hash = ?1", hash, nullptr);
}

Result<model::Authorization> SqliteAuthorizations::find(const std::string& account_id,
                                                        const std::string& id) {
  return find_one("account_id = ?1 AND id = ?2", account_id, &id);
}

Result<model::Authorization> SqliteAuthorizations::find_api_key(const std::string& account_id) {
  return find_one("account_id = ?1 AND is_api_key = 1", account_id, nullptr);
}

Result<std::vector<model::Authorization>> SqliteAuthorizations::list(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Authorization>> {
    auto stmt = db.prepare(select_where("account_id = ?1 ORDER BY created_at, rowid"));
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    return read_all(*stmt);
  });
}

Status SqliteAuthorizations::update_description(const std::string& account_id,
                                                const std::string& id,
                                                const std::string& description, UnixTime now) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE authorizations SET description = ?3, updated_at = ?4 "
        "WHERE account_id = ?1 AND id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, id, description, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(not_found("authorization"));
    return {};
  });
}

Status update_authorization_token(Db& db, const model::Authorization& r) {
  auto stmt = db.prepare(
      "UPDATE authorizations SET access_token_id = ?3, token_hash = ?4, token_hint = ?5, "
      "token_encrypted = ?6, expires_at = ?7, updated_at = ?8 "
      "WHERE account_id = ?1 AND id = ?2");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(r.account_id, r.id, r.access_token_id, r.token_hash, r.token_hint,
                 r.token_encrypted, r.expires_at, r.updated_at);
  if (auto st = stmt->run(); !st) return st;
  if (db.changes() == 0) return fail(not_found("authorization"));
  return {};
}

Status SqliteAuthorizations::replace_token(const model::Authorization& r,
                                           const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = update_authorization_token(db, r); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Authorization> SqliteAuthorizations::remove(const std::string& account_id,
                                                          const std::string& id,
                                                          const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<model::Authorization> {
    auto stmt = db.prepare(std::string("DELETE FROM authorizations WHERE account_id = ?1 AND id = ?2 "
                                       "RETURNING ") + kAuthorizationColumns);
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("authorization"));
    auto removed = read_authorization(*stmt);
    if (!removed) return removed;
    if (auto st = stmt->run(); !st) return fail(st.error());  // finish the DELETE
    if (removed->client_id) {
      // Revoking a client's grant withdraws the consent too (S47): the next
      // authorization request asks again.
      auto consent = db.prepare("DELETE FROM oauth_consents WHERE account_id = ?1 AND client_id = ?2");
      if (!consent) return fail(consent.error());
      consent->bind_all(account_id, *removed->client_id);
      if (auto st = consent->run(); !st) return fail(st.error());
    }
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return removed;
  });
}

namespace {

// Runs a bound "DELETE ... RETURNING token_hash" to the end, collecting the hashes.
Status collect_deleted_hashes(Stmt& stmt, std::vector<std::string>& hashes) {
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return {};
    hashes.push_back(stmt.text(0));
  }
}

Result<Stmt> prepare_delete_authorizations(Db& db, const char* where) {
  return db.prepare(std::string("DELETE FROM authorizations WHERE ") + where + " RETURNING token_hash");
}

}  // namespace

Status delete_authorizations(Db& db, const char* where, const std::string& arg,
                             std::vector<std::string>& hashes) {
  auto stmt = prepare_delete_authorizations(db, where);
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(arg);
  return collect_deleted_hashes(*stmt, hashes);
}

Status delete_authorizations(Db& db, const char* where, const std::string& arg,
                             const std::string& arg2, std::vector<std::string>& hashes) {
  auto stmt = prepare_delete_authorizations(db, where);
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(arg, arg2);
  return collect_deleted_hashes(*stmt, hashes);
}

Result<std::vector<std::string>> SqliteAuthorizations::remove_all_but_api_key(
    const std::string& account_id) {
  return c_.write([&](Db& db) -> Result<std::vector<std::string>> {
    std::vector<std::string> hashes;
    if (auto st = delete_authorizations(db, "account_id = ?1 AND is_api_key = 0", account_id, hashes); !st)
      return fail(st.error());
    return hashes;
  });
}

Status SqliteAuthorizations::touch(const std::string& id, UnixTime at, const std::string& ip) {
  // Skips the row write (and so the WAL append + fsync) when the same IP was
  // recorded less than a minute ago; never moves last_used_at backwards. Best
  // effort on the request path: never waits for a busy database.
  return c_.try_write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE authorizations SET last_used_at = ?2, last_used_ip = ?3 "
        "WHERE id = ?1 AND (last_used_at IS NULL OR (?2 >= last_used_at AND "
        "(?2 - last_used_at >= 60 OR last_used_ip <> ?3)))");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id, at, ip);
    return stmt->run();
  });
}

}  // namespace latchkey::store::sqlite
