// ThrottleStore on SQLite: record_failure is one upsert with RETURNING, so
// concurrent failures for one key never lose an increment.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

Result<ThrottleState> SqliteThrottles::get(const std::string& key) {
  return c_.read([&](Db& db) -> Result<ThrottleState> {
    auto stmt = db.prepare("SELECT failures, last_failure_at, locked FROM throttles WHERE key = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(key);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return ThrottleState{};
    return ThrottleState{static_cast<int>(stmt->int64(0)), stmt->int64(1), stmt->boolean(2)};
  });
}

Result<ThrottleState> SqliteThrottles::record_failure(const std::string& key, UnixTime at,
                                                      int lock_at) {
  // lock_at <= 0 disables the hard lock. Once locked, a key stays locked until
  // reset(), even if lock_at is raised later.
  return c_.write([&](Db& db) -> Result<ThrottleState> {
    auto stmt = db.prepare(
        "INSERT INTO throttles (key, failures, last_failure_at, locked) "
        "VALUES (?1, 1, ?2, ?3 > 0 AND 1 >= ?3) "
        "ON CONFLICT (key) DO UPDATE SET failures = failures + 1, "
        "last_failure_at = max(last_failure_at, excluded.last_failure_at), "
        "locked = (locked OR (?3 > 0 AND failures + 1 >= ?3)) "
        "RETURNING failures, last_failure_at, locked");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(key, at, lock_at);
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(internal("sqlite: throttle upsert returned no row"));
    ThrottleState state{static_cast<int>(stmt->int64(0)), stmt->int64(1), stmt->boolean(2)};
    if (auto st = stmt->run(); !st) return fail(st.error());
    return state;
  });
}

Status SqliteThrottles::reset(const std::string& key) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare("DELETE FROM throttles WHERE key = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(key);
    return stmt->run();
  });
}

}  // namespace latchkey::store::sqlite
