// A thin RAII layer over one SQLite connection: Db (connection + prepared
// statement cache), Stmt (a borrowed cached statement that resets itself), and
// the mapping of SQLite result codes to latchkey::Error.
//
// sqlite3.h stays inside src/store/sqlite/*.cc: this header only forward-
// declares the handle types.
//
// Error mapping (store.h conventions):
//   UNIQUE / PRIMARY KEY constraint       -> kConflict
//   FOREIGN KEY constraint                -> kNotFound (resource given by caller)
//   BUSY, LOCKED, FULL, READONLY, IOERR, CANTOPEN, PERM, NOMEM, PROTOCOL,
//   CORRUPT, NOTADB                       -> kUnavailable
//   anything else (CHECK, NOT NULL, MISUSE, syntax, ...) -> kInternal (a bug)
// An environmental failure (all kUnavailable causes except BUSY/LOCKED) marks
// the connection broken; its owner discards it and opens a fresh one next time,
// so the server recovers without restart once the disk is writable again.
//
// Thread safety: a Db and its statements are used by one thread at a time (the
// writer mutex or a reader lease in Connections guarantees that).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace latchkey::store::sqlite {

class Db;

// A cached prepared statement borrowed from a Db. Bind, step, read columns;
// the destructor resets it and clears its bindings for the next user. At most
// one live Stmt per SQL text per Db (they share the cached handle).
class Stmt {
 public:
  Stmt(Db& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  // Binds parameters ?1..?N in order.
  template <class... Args>
  Stmt& bind_all(const Args&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }
  void bind(int i, std::string_view v);
  void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
  void bind(int i, const char* v) { bind(i, std::string_view(v)); }
  void bind(int i, std::int64_t v);
  void bind(int i, int v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, bool v) { bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  void bind(int i, std::nullopt_t);
  template <class T>
  void bind(int i, const std::optional<T>& v) {
    if (v) bind(i, *v);
    else bind(i, std::nullopt);
  }

  // Advances: true = a row is available, false = done. `fk_resource` names the
  // parent resource reported as kNotFound on a foreign-key violation.
  Result<bool> step(std::string_view fk_resource = {});
  // Runs a statement that returns no rows (or whose rows are ignored) to completion.
  Status run(std::string_view fk_resource = {});

  std::string text(int col) const;
  std::int64_t int64(int col) const;
  bool boolean(int col) const { return int64(col) != 0; }
  bool is_null(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
  int bind_error_ = 0;  // first failed bind, reported by step()
};

class Db {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (creating if kReadWrite) and applies the connection settings:
  // busy_timeout, foreign_keys=ON; for kReadWrite also journal_mode=WAL and
  // synchronous=FULL. kUnavailable if the file cannot be opened.
  static Result<std::unique_ptr<Db>> open(const std::string& path, Mode mode, int busy_timeout_ms);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Runs one or more parameterless statements.
  Status exec(const char* sql);
  // A cached prepared statement for `sql` (prepared on first use).
  Result<Stmt> prepare(std::string_view sql);

  // Transaction helpers for Connections. begin_immediate takes the write lock
  // up front so the busy handler (not a deadlock-prone upgrade) handles waiting.
  Status begin_immediate() { return run("BEGIN IMMEDIATE"); }
  // How long a statement waits for another process's lock before SQLITE_BUSY.
  void set_busy_timeout(int ms);
  Status commit() { return run("COMMIT"); }
  // PRAGMA synchronous FULL (COMMIT returns after the WAL's fsync) or NORMAL
  // (COMMIT returns once the WAL is written; fsync at checkpoints or sync_wal).
  Status set_full_sync(bool full);
  // fsyncs the WAL file: every transaction committed so far becomes durable.
  Status sync_wal();
  // One statement without parameters, prepared once per connection and then
  // reused (exec() compiles its SQL on every call; this is for the hot ones).
  Status run(std::string_view sql);
  // Rolls back if a transaction is open; a failed rollback marks the Db broken.
  void rollback_if_open();

  int changes() const;
  bool read_only() const;  // the file was opened read-only (e.g. no write permission)
  bool broken() const { return broken_; }
  void mark_broken() { broken_ = true; }

  // Converts a SQLite result code on this connection into an Error (see header
  // comment) and marks the connection broken on environmental failures.
  Error error(int rc, std::string_view what, std::string_view fk_resource = {});

 private:
  explicit Db(sqlite3* handle) : db_(handle) {}
  Status configure(Mode mode, int busy_timeout_ms);

  friend class Stmt;
  sqlite3* db_;
  bool full_sync_ = true;  // configure() sets synchronous = FULL
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  bool broken_ = false;
};

}  // namespace latchkey::store::sqlite
