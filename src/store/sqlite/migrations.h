// Numbered, forward-only schema migrations for the SQLite backend.
//
// The SQL lives in src/store/migrations/sqlite/NNNN_name.sql and is embedded at
// build time (embed_migrations.cmake), so the binary never reads it at run time.
// Each pending migration runs in its own BEGIN IMMEDIATE transaction together
// with its row in schema_migrations (version, name, checksum, applied_at);
// re-running is a no-op that performs no write at all, so a read-only database
// that is up to date still opens. A database that records a version this binary
// does not know, or whose recorded checksum differs from the embedded SQL (an
// edited migration), is refused.
// Thread safety: migrate() uses the Db it is given; call it with the writer.
#pragma once

#include <span>
#include <string>

#include "core/result.h"

namespace latchkey::store::sqlite {

class Db;

struct Migration {
  int version;
  const char* name;  // file name without .sql, e.g. "0001_init"
  const char* sql;
};

// Generated from the .sql files (sqlite_migrations_embedded.cc).
std::span<const Migration> embedded_migrations();

// FNV-1a 64 of the SQL text as 16 hex digits (detects edited migrations).
std::string migration_checksum(const char* sql);

Status migrate(Db& db, std::span<const Migration> migrations);

}  // namespace latchkey::store::sqlite
