// ClientStore on SQLite: one row per registered OAuth client, scoped to its
// owner for everything but find_by_id.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, owner_id, name, redirect_uri, is_public, secret_hash, secret_hint, created_at, updated_at, "
    "grant_types, scopes";

Result<model::OAuthClient> read_client(const Stmt& s) {
  model::OAuthClient c;
  c.id = s.text(0);
  c.owner_id = s.text(1);
  c.name = s.text(2);
  c.redirect_uri = s.text(3);
  c.is_public = s.boolean(4);
  c.secret_hash = s.text(5);
  c.secret_hint = s.text(6);
  c.created_at = s.int64(7);
  c.updated_at = s.int64(8);
  auto grants = decode_scope(s.text(9));
  if (!grants) return fail(grants.error());
  c.grant_types = std::move(*grants);
  auto scopes = decode_scope(s.text(10));
  if (!scopes) return fail(scopes.error());
  c.scopes = std::move(*scopes);
  return c;
}

Error no_client() { return not_found("client", "Couldn't find that OAuth client."); }

}  // namespace

Status SqliteClients::create(const model::OAuthClient& c, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(std::string("INSERT INTO oauth_clients (") + kColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.id, c.owner_id, c.name, c.redirect_uri, c.is_public, c.secret_hash,
                   c.secret_hint, c.created_at, c.updated_at, encode_scope(c.grant_types),
                   encode_scope(c.scopes));
    if (auto st = stmt->run("account"); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::OAuthClient> SqliteClients::find(const std::string& owner_id, const std::string& id) {
  return c_.read([&](Db& db) -> Result<model::OAuthClient> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM oauth_clients WHERE id = ?1 AND owner_id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id, owner_id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(no_client());
    return read_client(*stmt);
  });
}

Result<model::OAuthClient> SqliteClients::find_by_id(const std::string& id) {
  return c_.read([&](Db& db) -> Result<model::OAuthClient> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns + " FROM oauth_clients WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(no_client());
    return read_client(*stmt);
  });
}

Result<std::vector<model::OAuthClient>> SqliteClients::list(const std::string& owner_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::OAuthClient>> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM oauth_clients WHERE owner_id = ?1 ORDER BY created_at, rowid");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(owner_id);
    std::vector<model::OAuthClient> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      auto c = read_client(*stmt);
      if (!c) return fail(c.error());
      out.push_back(std::move(*c));
    }
  });
}

Status SqliteClients::update(const model::OAuthClient& c, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE oauth_clients SET name = ?3, redirect_uri = ?4, secret_hash = ?5, "
        "secret_hint = ?6, updated_at = ?7, grant_types = ?8, scopes = ?9 "
        "WHERE id = ?1 AND owner_id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.id, c.owner_id, c.name, c.redirect_uri, c.secret_hash, c.secret_hint,
                   c.updated_at, encode_scope(c.grant_types), encode_scope(c.scopes));
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(no_client());
    return insert_audit(db, event);
  });
}

Result<ClientStore::Removed> SqliteClients::remove(const std::string& owner_id,
                                                   const std::string& id,
                                                   const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<Removed> {
    Removed removed;
    {
      auto stmt = db.prepare(std::string("DELETE FROM oauth_clients WHERE id = ?1 AND owner_id = ?2 RETURNING ") +
                             kColumns);
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(id, owner_id);
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return fail(no_client());
      auto c = read_client(*stmt);
      if (!c) return fail(c.error());
      removed.client = std::move(*c);
      if (auto st = stmt->run(); !st) return fail(st.error());
    }
    // Its grants die with it (refresh tokens cascade from authorizations).
    if (auto st = delete_authorizations(db, "client_id = ?1", id, removed.token_hashes); !st)
      return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return removed;
  });
}

}  // namespace latchkey::store::sqlite
