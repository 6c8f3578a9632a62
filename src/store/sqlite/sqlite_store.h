// The SQLite backend of store::Store (ARCHITECTURE.md §2, §4): the embedded
// default for single-instance deployments. This is the backend's whole public
// surface; sqlite3.h never leaves src/store/sqlite/*.cc.
//
// Settings: journal_mode=WAL, synchronous=FULL (an acknowledged write survives
// power loss, R1b), foreign_keys=ON, busy_timeout. One writer connection
// serializes all writes (each in BEGIN IMMEDIATE ... COMMIT, answered only after
// COMMIT succeeded); a small pool of read-only connections serves reads.
// A read-only, full or vanished database yields kUnavailable, and the store
// recovers by itself once the file is usable again.
// Thread safety: the returned Store is safe to use from any thread.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace latchkey::store {

struct SqliteOptions {
  std::string path;             // database file; created if missing
  int busy_timeout_ms = 5000;   // wait for locks (and for a free reader) this long, then kUnavailable
  int readers = 4;              // reader connections (at least 1)
  int deferred_fsync_ms = 0;    // see config::Database; 0 = every commit fsyncs
};

// Opens the database, applying pending migrations first.
// kUnavailable if the file cannot be opened; kInternal if its schema is newer
// than this binary or a landed migration was edited.
Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

// Applies pending migrations and returns (`latchkeyd migrate`). A no-op when
// the schema is current.
Status migrate_sqlite(const std::string& path);

}  // namespace latchkey::store
