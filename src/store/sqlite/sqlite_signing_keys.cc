// SigningKeyStore on SQLite: the ES256 keys that sign ID tokens, private
// halves sealed by the caller with the server key.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {

Result<std::vector<model::SigningKeyRecord>> SqliteSigningKeys::list() {
  return c_.read([&](Db& db) -> Result<std::vector<model::SigningKeyRecord>> {
    auto stmt = db.prepare(
        "SELECT kid, private_sealed, public_jwk, created_at, retired_at FROM signing_keys "
        "ORDER BY created_at DESC, kid");
    if (!stmt) return fail(stmt.error());
    std::vector<model::SigningKeyRecord> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      out.push_back({stmt->text(0), stmt->text(1), stmt->text(2), stmt->int64(3), stmt->opt_int64(4)});
    }
  });
}

Status SqliteSigningKeys::add(const model::SigningKeyRecord& k) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO signing_keys (kid, private_sealed, public_jwk, created_at, retired_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(k.kid, k.private_sealed, k.public_jwk, k.created_at, k.retired_at);
    return stmt->run();
  });
}

Status SqliteSigningKeys::retire(const std::string& kid, UnixTime at) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare("UPDATE signing_keys SET retired_at = ?2 WHERE kid = ?1 AND retired_at IS NULL");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(kid, at);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() > 0) return {};
    // Nothing changed: already retired (the first retirement stands) or no such key.
    auto sel = db.prepare("SELECT 1 FROM signing_keys WHERE kid = ?1");
    if (!sel) return fail(sel.error());
    sel->bind_all(kid);
    auto row = sel->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(not_found("signing_key"));
    return {};
  });
}

Status SqliteSigningKeys::remove_retired(UnixTime before) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare("DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(before);
    return stmt->run();
  });
}

}  // namespace latchkey::store::sqlite
