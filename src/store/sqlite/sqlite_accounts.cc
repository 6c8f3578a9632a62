// AccountStore on SQLite. Emails are stored lower-case (ASCII-folded here as a
// second line of defence behind the service's normalisation), so the UNIQUE
// index on email is case-insensitive.
#include <cctype>

#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kColumns =
    "id, email, name, password_hash, is_admin, disabled, two_factor_enabled, created_at, "
    "updated_at, last_login";

std::string fold_email(std::string email) {
  for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email;
}

model::Account read_account(const Stmt& s) {
  model::Account a;
  a.id = s.text(0);
  a.email = s.text(1);
  a.name = s.text(2);
  a.password_hash = s.text(3);
  a.is_admin = s.boolean(4);
  a.disabled = s.boolean(5);
  a.two_factor_enabled = s.boolean(6);
  a.created_at = s.int64(7);
  a.updated_at = s.int64(8);
  a.last_login = s.opt_int64(9);
  return a;
}

Result<model::Account> find_where(Connections& c, const std::string& sql, const std::string& arg) {
  return c.read([&](Db& db) -> Result<model::Account> {
    auto stmt = db.prepare(sql);
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(arg);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("account"));
    return read_account(*stmt);
  });
}

}  // namespace

Status SqliteAccounts::create(const model::Account& account, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(std::string("INSERT INTO accounts (") + kColumns +
                           ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account.id, fold_email(account.email), account.name, account.password_hash,
                   account.is_admin, account.disabled, account.two_factor_enabled,
                   account.created_at, account.updated_at, account.last_login);
    if (auto st = stmt->run(); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Account> SqliteAccounts::find_by_id(const std::string& id) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM accounts WHERE id = ?1";
  return find_where(c_, sql, id);
}

Result<model::Account> SqliteAccounts::find_by_email(const std::string& email) {
  static const std::string sql =
      std::string("SELECT ") + kColumns + " FROM accounts WHERE email = ?1";
  return find_where(c_, sql, fold_email(email));
}

namespace {

Status update_account(Db& db, const model::Account& account) {
  auto stmt = db.prepare(
      "UPDATE accounts SET name = ?2, email = ?3, password_hash = ?4, is_admin = ?5, "
      "disabled = ?6, updated_at = ?7, last_login = ?8 WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(account.id, account.name, fold_email(account.email), account.password_hash,
                 account.is_admin, account.disabled, account.updated_at, account.last_login);
  if (auto st = stmt->run(); !st) return st;
  if (db.changes() == 0) return fail(not_found("account"));
  return {};
}

}  // namespace

Status SqliteAccounts::update(const model::Account& account) {
  return c_.write([&](Db& db) { return update_account(db, account); });
}

Status SqliteAccounts::update(const model::Account& account, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = update_account(db, account); !st) return st;
    return insert_audit(db, event);
  });
}

namespace {

// Runs a conditional UPDATE of accounts whose ?1 is the account id and ?2..
// are `rest`; when it changed no row, kNotFound if the account is gone, else
// kConflict (the condition failed).
template <typename... Rest>
Status conditional_update(Db& db, const char* sql, const std::string& id, const Rest&... rest) {
  auto stmt = db.prepare(sql);
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(id, rest...);
  if (auto st = stmt->run(); !st) return st;
  if (db.changes() > 0) return {};
  auto exists = db.prepare("SELECT 1 FROM accounts WHERE id = ?1");
  if (!exists) return fail(exists.error());
  exists->bind_all(id);
  auto row = exists->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("account"));
  return fail(Error(ErrorCode::kConflict, "The account changed meanwhile."));
}

}  // namespace

Status SqliteAccounts::record_login(const std::string& id, UnixTime at, const std::string& verified_hash,
                                    const std::string& new_hash) {
  return c_.write([&](Db& db) {
    return conditional_update(
        db,
        "UPDATE accounts SET last_login = ?2, password_hash = ?4 "
        "WHERE id = ?1 AND password_hash = ?3 AND disabled = 0",
        id, at, verified_hash, new_hash);
  });
}

Status SqliteAccounts::set_name(const std::string& id, const std::string& name, UnixTime at) {
  return c_.write([&](Db& db) {
    return conditional_update(db, "UPDATE accounts SET name = ?2, updated_at = ?3 WHERE id = ?1", id, name,
                              at);
  });
}

Status SqliteAccounts::set_password(const std::string& id, const std::string& verified_hash,
                                    const std::string& new_hash, UnixTime at,
                                    const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = conditional_update(
            db, "UPDATE accounts SET password_hash = ?3, updated_at = ?4 WHERE id = ?1 AND password_hash = ?2",
            id, verified_hash, new_hash, at);
        !st)
      return st;
    return insert_audit(db, event);
  });
}

Status SqliteAccounts::set_disabled(const std::string& id, bool disabled, UnixTime at,
                                    const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = conditional_update(db, "UPDATE accounts SET disabled = ?2, updated_at = ?3 WHERE id = ?1", id,
                                     disabled, at);
        !st)
      return st;
    return insert_audit(db, event);
  });
}

Status SqliteAccounts::remove(const std::string& id, const model::AuditEvent& event) {
  // ON DELETE CASCADE removes what the account owns; throttle rows are keyed by
  // hashes and age out on their own.
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare("DELETE FROM accounts WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(id);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(not_found("account"));
    return insert_audit(db, event);
  });
}

Result<std::vector<model::Account>> SqliteAccounts::list() {
  return c_.read([&](Db& db) -> Result<std::vector<model::Account>> {
    auto stmt = db.prepare(std::string("SELECT ") + kColumns +
                           " FROM accounts ORDER BY created_at, rowid");
    if (!stmt) return fail(stmt.error());
    std::vector<model::Account> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      out.push_back(read_account(*stmt));
    }
  });
}

Result<long> SqliteAccounts::count() {
  return c_.read([&](Db& db) -> Result<long> {
    auto stmt = db.prepare("SELECT count(*) FROM accounts");
    if (!stmt) return fail(stmt.error());
    auto row = stmt->step();
    if (!row) return fail(row.error());
    return static_cast<long>(stmt->int64(0));
  });
}

}  // namespace latchkey::store::sqlite
