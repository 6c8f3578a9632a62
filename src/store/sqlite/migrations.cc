#include "store/sqlite/migrations.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "store/sqlite/db.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kCreateMigrationsTable = R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT)";

struct Applied {
  std::string name;
  std::string checksum;
};

// Reads schema_migrations, if present. Only reads: an up-to-date database
// needs no write lock (and may even be read-only).
Result<std::map<int, Applied>> applied_migrations(Db& db) {
  std::map<int, Applied> applied;
  auto exists = db.prepare(
      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return fail(exists.error());
  auto row = exists->step();
  if (!row) return fail(row.error());
  if (!*row) return applied;
  auto stmt = db.prepare("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
  if (!stmt) return fail(stmt.error());
  for (;;) {
    auto r = stmt->step();
    if (!r) return fail(r.error());
    if (!*r) break;
    applied[static_cast<int>(stmt->int64(0))] = Applied{stmt->text(1), stmt->text(2)};
  }
  return applied;
}

Status check_known(const std::map<int, Applied>& applied, std::span<const Migration> migrations) {
  for (const auto& [version, row] : applied) {
    if (version < 1 || static_cast<std::size_t>(version) > migrations.size()) {
      return fail(internal("sqlite: database has migration " + std::to_string(version) + " (" +
                           row.name + ") unknown to this binary; refusing to run an older binary"));
    }
    const Migration& m = migrations[version - 1];
    if (row.checksum != migration_checksum(m.sql)) {
      return fail(internal(std::string("sqlite: migration ") + m.name +
                           " was edited after it was applied (checksum mismatch)"));
    }
  }
  return {};
}

// Applies one migration and records it, atomically. Re-checks inside the write
// lock, so another process migrating at the same time is harmless.
Status apply(Db& db, const Migration& m) {
  if (auto st = db.begin_immediate(); !st) return st;
  auto body = [&]() -> Status {
    if (auto st = db.exec(kCreateMigrationsTable); !st) return st;
    {
      auto seen = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
      if (!seen) return fail(seen.error());
      seen->bind_all(m.version);
      auto row = seen->step();
      if (!row) return fail(row.error());
      if (*row) return {};  // applied meanwhile
    }  // reset before the schema changes
    if (auto st = db.exec(m.sql); !st) {
      Error e = st.error();
      e.detail = std::string("migration ") + m.name + ": " + e.detail;
      return fail(std::move(e));
    }
    auto rec = db.prepare(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
        "VALUES (?1, ?2, ?3, CAST(strftime('%s', 'now') AS INTEGER))");
    if (!rec) return fail(rec.error());
    rec->bind_all(m.version, m.name, migration_checksum(m.sql));
    return rec->run();
  };
  if (auto st = body(); !st) {
    db.rollback_if_open();
    return st;
  }
  if (auto st = db.commit(); !st) {
    db.rollback_if_open();
    return st;
  }
  return {};
}

}  // namespace

std::string migration_checksum(const char* sql) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char* p = sql; *p != '\0'; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  (void)std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Status migrate(Db& db, std::span<const Migration> migrations) {
  auto applied = applied_migrations(db);
  if (!applied) return fail(applied.error());
  if (auto st = check_known(*applied, migrations); !st) return st;
  for (const Migration& m : migrations) {
    if (applied->contains(m.version)) continue;
    if (auto st = apply(db, m); !st) return st;
  }
  return {};
}

}  // namespace latchkey::store::sqlite
