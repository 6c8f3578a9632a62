// MfaStore on SQLite. Single-use values (TOTP steps, recovery codes) are
// consumed by one conditional UPDATE and judged by the number of changed rows,
// so exactly one of N concurrent callers wins (R2). Multi-row changes
// (activate, replace codes, remove) run in one write transaction with their
// audit event.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

Status set_two_factor(Db& db, const std::string& account_id, bool enabled, UnixTime now) {
  auto stmt = db.prepare(
      "UPDATE accounts SET two_factor_enabled = ?2, updated_at = max(updated_at, ?3) WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(account_id, enabled, now);
  if (auto st = stmt->run(); !st) return st;
  if (db.changes() != 1) return fail(not_found("account"));
  return {};
}

Status insert_codes(Db& db, const std::string& account_id, const std::vector<std::string>& hashes,
                    UnixTime now) {
  auto del = db.prepare("DELETE FROM recovery_codes WHERE account_id = ?1");
  if (!del) return fail(del.error());
  del->bind_all(account_id);
  if (auto st = del->run(); !st) return st;
  for (const auto& h : hashes) {
    auto ins = db.prepare(
        "INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES (?1, ?2, ?3)");
    if (!ins) return fail(ins.error());
    ins->bind_all(account_id, h, now);
    if (auto st = ins->run("account"); !st) return st;
  }
  return {};
}

}  // namespace

Result<model::TotpFactor> SqliteMfa::find_totp(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<model::TotpFactor> {
    auto stmt = db.prepare(
        "SELECT secret_sealed, last_used_step, confirmed_at, pending_sealed, pending_failures, "
        "pending_created_at FROM totp_factors WHERE account_id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("totp factor"));
    model::TotpFactor f;
    f.account_id = account_id;
    f.secret_sealed = stmt->text(0);
    f.last_used_step = stmt->int64(1);
    f.confirmed_at = stmt->opt_int64(2);
    f.pending_sealed = stmt->text(3);
    f.pending_failures = static_cast<int>(stmt->int64(4));
    f.pending_created_at = stmt->int64(5);
    return f;
  });
}

Status SqliteMfa::put_pending(const std::string& account_id, const std::string& sealed,
                              UnixTime now) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO totp_factors (account_id, pending_sealed, pending_created_at) "
        "VALUES (?1, ?2, ?3) ON CONFLICT (account_id) DO UPDATE SET "
        "pending_sealed = excluded.pending_sealed, pending_failures = 0, "
        "pending_created_at = excluded.pending_created_at");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, sealed, now);
    return stmt->run("account");
  });
}

Result<int> SqliteMfa::record_pending_failure(const std::string& account_id,
                                              const std::string& sealed, int discard_at) {
  return c_.write([&](Db& db) -> Result<int> {
    auto stmt = db.prepare(
        "UPDATE totp_factors SET pending_failures = pending_failures + 1, "
        "pending_sealed = CASE WHEN pending_failures + 1 >= ?3 THEN '' ELSE pending_sealed END "
        "WHERE account_id = ?1 AND pending_sealed = ?2 AND pending_sealed != '' "
        "RETURNING pending_failures");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, sealed, discard_at);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("totp enrolment"));
    const int failures = static_cast<int>(stmt->int64(0));
    if (auto st = stmt->run(); !st) return fail(st.error());
    return failures;
  });
}

Status SqliteMfa::activate(const std::string& account_id, const std::string& sealed,
                           std::int64_t step, const std::vector<std::string>& code_hashes,
                           UnixTime now, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE totp_factors SET secret_sealed = pending_sealed, last_used_step = ?3, "
        "confirmed_at = ?4, pending_sealed = '', pending_failures = 0 "
        "WHERE account_id = ?1 AND pending_sealed = ?2 AND pending_sealed != ''");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, sealed, step, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() != 1)
      return fail(Error(ErrorCode::kConflict, "That enrolment is no longer pending."));
    if (auto st = insert_codes(db, account_id, code_hashes, now); !st) return st;
    if (auto st = set_two_factor(db, account_id, true, now); !st) return st;
    return insert_audit(db, event);
  });
}

Status SqliteMfa::use_step(const std::string& account_id, std::int64_t step) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE totp_factors SET last_used_step = ?2 "
        "WHERE account_id = ?1 AND secret_sealed != '' AND last_used_step < ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, step);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() != 1) return fail(Error(ErrorCode::kGone, "This code was already used."));
    return {};
  });
}

Status SqliteMfa::use_recovery_code(const std::string& account_id, const std::string& code_hash,
                                    UnixTime now, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE recovery_codes SET used_at = ?3 "
        "WHERE account_id = ?1 AND code_hash = ?2 AND used_at IS NULL");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id, code_hash, now);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() != 1)
      return fail(Error(ErrorCode::kGone, "This recovery code is not valid or was already used."));
    return insert_audit(db, event);
  });
}

Status SqliteMfa::replace_recovery_codes(const std::string& account_id,
                                         const std::vector<std::string>& code_hashes, UnixTime now,
                                         const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto st = insert_codes(db, account_id, code_hashes, now); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::RecoveryCodeSummary> SqliteMfa::recovery_codes(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<model::RecoveryCodeSummary> {
    auto stmt = db.prepare(
        "SELECT count(*), count(*) FILTER (WHERE used_at IS NULL), max(created_at) "
        "FROM recovery_codes WHERE account_id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    model::RecoveryCodeSummary s;
    if (*row) {
      s.total = static_cast<int>(stmt->int64(0));
      s.remaining = static_cast<int>(stmt->int64(1));
      s.created_at = stmt->opt_int64(2);
    }
    return s;
  });
}

Status SqliteMfa::remove(const std::string& account_id, UnixTime now,
                         const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    for (const char* sql : {"DELETE FROM totp_factors WHERE account_id = ?1",
                            "DELETE FROM recovery_codes WHERE account_id = ?1"}) {
      auto stmt = db.prepare(sql);
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(account_id);
      if (auto st = stmt->run(); !st) return st;
    }
    if (auto st = set_two_factor(db, account_id, false, now); !st) return st;
    return insert_audit(db, event);
  });
}

}  // namespace latchkey::store::sqlite
