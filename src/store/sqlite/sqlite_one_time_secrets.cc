// OneTimeSecretStore on SQLite. consume() is ONE conditional UPDATE ... RETURNING
// (R2: exactly one of N concurrent callers wins); only when it matched nothing
// does a SELECT, in the same write transaction, tell kGone from kNotFound.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

Status SqliteOneTimeSecrets::put(const model::OneTimeSecret& s) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO one_time_secrets (hash, purpose, subject, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(s.hash, s.purpose, s.subject, s.created_at, s.expires_at);
    return stmt->run();
  });
}

Result<model::OneTimeSecret> SqliteOneTimeSecrets::consume(const std::string& hash,
                                                           const std::string& purpose,
                                                           UnixTime now) {
  return c_.write([&](Db& db) -> Result<model::OneTimeSecret> {
    {
      auto upd = db.prepare(
          "UPDATE one_time_secrets SET used_at = ?3 "
          "WHERE hash = ?1 AND purpose = ?2 AND used_at IS NULL AND expires_at > ?3 "
          "RETURNING hash, purpose, subject, created_at, expires_at");
      if (!upd) return fail(upd.error());
      upd->bind_all(hash, purpose, now);
      auto row = upd->step();
      if (!row) return fail(row.error());
      if (*row) {
        model::OneTimeSecret s{upd->text(0), upd->text(1), upd->text(2), upd->int64(3),
                               upd->int64(4)};
        if (auto st = upd->run(); !st) return fail(st.error());
        return s;
      }
    }
    auto sel = db.prepare("SELECT 1 FROM one_time_secrets WHERE hash = ?1 AND purpose = ?2");
    if (!sel) return fail(sel.error());
    sel->bind_all(hash, purpose);
    auto row = sel->step();
    if (!row) return fail(row.error());
    if (*row) return fail(Error(ErrorCode::kGone, "This link was already used or has expired."));
    return fail(not_found("one-time secret"));
  });
}

}  // namespace latchkey::store::sqlite
