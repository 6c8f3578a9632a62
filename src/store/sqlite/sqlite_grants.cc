// GrantStore on SQLite: authorization codes, refresh-token families and
// consent. Codes and refresh tokens are consumed by one conditional UPDATE
// (`... WHERE used_at IS NULL`), so of N concurrent redemptions exactly one
// changes a row (R2); the loser's transaction rolls back with kGone.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kCodeColumns =
    "code_hash, client_id, account_id, redirect_uri, scope, code_challenge, nonce, auth_time, "
    "created_at, expires_at, used_at, authorization_id";

Result<model::AuthorizationCode> read_code(const Stmt& s) {
  model::AuthorizationCode c;
  c.code_hash = s.text(0);
  c.client_id = s.text(1);
  c.account_id = s.text(2);
  c.redirect_uri = s.text(3);
  auto scope = decode_scope(s.text(4));
  if (!scope) return fail(scope.error());
  c.scope = std::move(*scope);
  c.code_challenge = s.text(5);
  c.nonce = s.text(6);
  c.auth_time = s.int64(7);
  c.created_at = s.int64(8);
  c.expires_at = s.int64(9);
  c.used_at = s.opt_int64(10);
  c.authorization_id = s.opt_text(11);
  return c;
}

constexpr const char* kRefreshColumns =
    "token_hash, authorization_id, account_id, client_id, created_at, family_expires_at, used_at";

model::RefreshToken read_refresh(const Stmt& s) {
  model::RefreshToken r;
  r.token_hash = s.text(0);
  r.authorization_id = s.text(1);
  r.account_id = s.text(2);
  r.client_id = s.text(3);
  r.created_at = s.int64(4);
  r.family_expires_at = s.int64(5);
  r.used_at = s.opt_int64(6);
  return r;
}

Error used_up() { return Error(ErrorCode::kGone, "This grant has already been used or has expired."); }

}  // namespace

Status insert_refresh_token(Db& db, const model::RefreshToken& r) {
  auto stmt = db.prepare(std::string("INSERT INTO oauth_refresh_tokens (") + kRefreshColumns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(r.token_hash, r.authorization_id, r.account_id, r.client_id, r.created_at,
                 r.family_expires_at, r.used_at);
  return stmt->run("authorization");
}

Status SqliteGrants::put_code(const model::AuthorizationCode& c) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(std::string("INSERT INTO oauth_codes (") + kCodeColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.code_hash, c.client_id, c.account_id, c.redirect_uri, encode_scope(c.scope),
                   c.code_challenge, c.nonce, c.auth_time, c.created_at, c.expires_at, c.used_at,
                   c.authorization_id);
    return stmt->run("client");
  });
}

Result<model::AuthorizationCode> SqliteGrants::find_code(const std::string& code_hash) {
  return c_.read([&](Db& db) -> Result<model::AuthorizationCode> {
    auto stmt = db.prepare(std::string("SELECT ") + kCodeColumns + " FROM oauth_codes WHERE code_hash = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(code_hash);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("code"));
    return read_code(*stmt);
  });
}

Status SqliteGrants::burn_code(const std::string& code_hash, UnixTime now) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare("UPDATE oauth_codes SET used_at = ?2 WHERE code_hash = ?1 AND used_at IS NULL");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(code_hash, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(used_up());
    return {};
  });
}

Status SqliteGrants::redeem_code(const std::string& code_hash, UnixTime now,
                                 const model::Authorization& authz,
                                 const std::optional<model::RefreshToken>& refresh,
                                 const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE oauth_codes SET used_at = ?2, authorization_id = ?3 "
        "WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(code_hash, now, authz.id);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(used_up());
    if (auto st = insert_authorization(db, authz); !st) return st;
    if (refresh)
      if (auto st = insert_refresh_token(db, *refresh); !st) return st;
    return insert_audit(db, event);
  });
}

Status SqliteGrants::create_grant(const model::Authorization& authz,
                                  const std::optional<model::RefreshToken>& refresh,
                                  const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = insert_authorization(db, authz); !st) return st;
    if (refresh)
      if (auto st = insert_refresh_token(db, *refresh); !st) return st;
    return insert_audit(db, event);
  });
}

void SqliteGrants::create_grant_async(model::Authorization authz, model::AuditEvent event,
                                      std::function<void(Status)> done) {
  c_.write_async(
      [authz = std::move(authz), event = std::move(event)](Db& db) -> Status {
        auto owner = db.prepare("SELECT disabled FROM accounts WHERE id = ?1");
        if (!owner) return fail(owner.error());
        owner->bind_all(authz.account_id);
        auto row = owner->step();
        if (!row) return fail(row.error());
        if (!*row) return fail(not_found("account"));
        if (owner->boolean(0)) return fail(Error(ErrorCode::kForbidden, "forbidden", "The account is disabled."));
        if (auto st = insert_authorization(db, authz); !st) return st;
        return insert_audit(db, event);
      },
      std::move(done), Connections::Durability::kDeferred);
}

Result<model::RefreshToken> SqliteGrants::find_refresh(const std::string& token_hash) {
  return c_.read([&](Db& db) -> Result<model::RefreshToken> {
    auto stmt = db.prepare(std::string("SELECT ") + kRefreshColumns +
                           " FROM oauth_refresh_tokens WHERE token_hash = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(token_hash);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("refresh_token"));
    return read_refresh(*stmt);
  });
}

Status SqliteGrants::rotate_refresh(const std::string& old_hash, UnixTime now,
                                    const model::RefreshToken& next,
                                    const model::Authorization& rotated,
                                    const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE oauth_refresh_tokens SET used_at = ?2 WHERE token_hash = ?1 AND used_at IS NULL");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(old_hash, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(used_up());
    if (auto st = insert_refresh_token(db, next); !st) return st;
    if (auto st = update_authorization_token(db, rotated); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Consent> SqliteGrants::find_consent(const std::string& account_id,
                                                  const std::string& client_id) {
  return c_.read([&](Db& db) -> Result<model::Consent> {
    auto stmt = db.prepare(
        "SELECT scope, created_at FROM oauth_consents WHERE account_id = ?1 AND client_id = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, client_id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("consent"));
    auto scope = decode_scope(stmt->text(0));
    if (!scope) return fail(scope.error());
    return model::Consent{account_id, client_id, std::move(*scope), stmt->int64(1)};
  });
}

Status SqliteGrants::put_consent(const model::Consent& c, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO oauth_consents (account_id, client_id, scope, created_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (account_id, client_id) "
        "DO UPDATE SET scope = excluded.scope, created_at = excluded.created_at");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(c.account_id, c.client_id, encode_scope(c.scope), c.created_at);
    if (auto st = stmt->run("client"); !st) return st;
    return insert_audit(db, event);
  });
}

Result<std::vector<std::string>> SqliteGrants::withdraw_consent(const std::string& account_id,
                                                                const std::string& client_id,
                                                                const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<std::vector<std::string>> {
    std::vector<std::string> hashes;
    if (auto st = delete_authorizations(db, "account_id = ?1 AND client_id = ?2", account_id, client_id, hashes); !st)
      return fail(st.error());
    // A code issued before the withdrawal must not redeem into a new grant after it.
    for (const char* sql : {"DELETE FROM oauth_codes WHERE account_id = ?1 AND client_id = ?2",
                            "DELETE FROM oauth_consents WHERE account_id = ?1 AND client_id = ?2"}) {
      auto stmt = db.prepare(sql);
      if (!stmt) return fail(stmt.error());
      if (auto st = stmt->bind_all(account_id, client_id).run(); !st) return fail(st.error());
    }
    // changes() counts the consent DELETE alone.
    if (hashes.empty() && db.changes() == 0) return fail(not_found("consent"));
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return hashes;
  });
}

Status SqliteGrants::purge(UnixTime before) {
  return c_.write([&](Db& db) -> Status {
    // Keep used codes a while past expiry so a late replay is still recognised.
    if (auto st = db.prepare("DELETE FROM oauth_codes WHERE expires_at < ?1"); !st)
      return fail(st.error());
    else if (auto r = st->bind_all(before).run(); !r)
      return r;
    auto st = db.prepare("DELETE FROM device_grants WHERE expires_at < ?1");
    if (!st) return fail(st.error());
    return st->bind_all(before).run();
  });
}

}  // namespace latchkey::store::sqlite
