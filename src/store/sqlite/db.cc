#include "store/sqlite/db.h"

#include <sqlite3.h>

#include <utility>

namespace latchkey::store::sqlite {
namespace {

// Failures of the environment rather than of the statement: the database file
// is unreachable, read-only, full or damaged. Callers answer 503.
bool is_unavailable(int primary) {
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return true;
    default:
      return false;
  }
}

std::string describe(int rc, std::string_view what, const char* msg) {
  std::string d(what);
  d += ": ";
  d += sqlite3_errstr(rc);
  d += " [" + std::to_string(rc) + "]";
  if (msg != nullptr && *msg != '\0') {
    d += " (";
    d += msg;
    d += ")";
  }
  return d;
}

}  // namespace

// ---- Stmt ----------------------------------------------------------------

Stmt::Stmt(Stmt&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), bind_error_(other.bind_error_) {}

Stmt::~Stmt() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Stmt::bind(int i, std::string_view v) {
  int rc = sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void Stmt::bind(int i, std::int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void Stmt::bind(int i, std::nullopt_t) {
  int rc = sqlite3_bind_null(stmt_, i);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

Result<bool> Stmt::step(std::string_view fk_resource) {
  if (bind_error_ != 0) return fail(db_->error(bind_error_, "bind", fk_resource));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // The extended code is on the connection; reset so the statement is reusable.
  int ext = sqlite3_extended_errcode(db_->db_);
  Error e = db_->error(ext != SQLITE_OK ? ext : rc, sqlite3_sql(stmt_), fk_resource);
  sqlite3_reset(stmt_);
  return fail(std::move(e));
}

Status Stmt::run(std::string_view fk_resource) {
  for (;;) {
    auto row = step(fk_resource);
    if (!row) return fail(row.error());
    if (!*row) return {};
  }
}

std::string Stmt::text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::int64_t Stmt::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::optional<std::int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

// ---- Db ------------------------------------------------------------------

Result<std::unique_ptr<Db>> Db::open(const std::string& path, Mode mode, int busy_timeout_ms) {
  // NOMUTEX: each connection is used by one thread at a time (see header).
  int flags = SQLITE_OPEN_NOMUTEX | (mode == Mode::kReadWrite
                                         ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                         : SQLITE_OPEN_READONLY);
  sqlite3* handle = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = describe(rc, "open " + path, handle ? sqlite3_errmsg(handle) : nullptr);
    sqlite3_close_v2(handle);  // a handle is returned even on most failures
    // cppcheck-suppress accessMoved ; only one arm of the conditional runs
    Error e = is_unavailable(rc & 0xff) ? unavailable(std::move(detail)) : internal(std::move(detail));
    return fail(std::move(e));
  }
  std::unique_ptr<Db> db(new Db(handle));
  sqlite3_extended_result_codes(handle, 1);
  if (auto st = db->configure(mode, busy_timeout_ms); !st) return fail(st.error());
  return db;
}

void Db::set_busy_timeout(int ms) { sqlite3_busy_timeout(db_, ms); }

Status Db::configure(Mode mode, int busy_timeout_ms) {
  sqlite3_busy_timeout(db_, busy_timeout_ms);
  if (auto st = exec("PRAGMA foreign_keys = ON"); !st) return st;
  if (mode == Mode::kReadOnly) return {};
  // journal_mode answers with the mode in effect; anything but "wal" means the
  // switch failed (typically a read-only file that is not in WAL mode yet).
  auto stmt = prepare("PRAGMA journal_mode = WAL");
  if (!stmt) return fail(stmt.error());
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row || stmt->text(0) != "wal") {
    return fail(unavailable("journal_mode=WAL not in effect (database read-only?)"));
  }
  if (auto st = exec("PRAGMA synchronous = FULL"); !st) return st;
  // Checkpoint (copy the WAL back into the database file, with an fsync of
  // each) every 10,000 pages (~40 MiB of WAL) instead of SQLite's 1,000: pages
  // written again and again between two checkpoints (the ends of the id
  // indexes) are copied once, and the writer stops for it a tenth as often.
  // Measured on the client_credentials bench (bench/oauth, 32 connections):
  // +20-30% grants/s; p99 22 -> 55 ms (the longer, rarer checkpoint).
  if (auto st = exec("PRAGMA wal_autocheckpoint = 10000"); !st) return st;
  // Savepoints (one per job of a group commit) spill their statement journals
  // to temp files by default: keep them in memory.
  return exec("PRAGMA temp_store = MEMORY");
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Db::exec(const char* sql) {
  char* msg = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &msg);
  if (rc == SQLITE_OK) return {};
  int ext = sqlite3_extended_errcode(db_);
  std::string what = msg ? std::string(sql).substr(0, 60) + " / " + msg : std::string(sql).substr(0, 60);
  sqlite3_free(msg);
  return fail(error(ext != SQLITE_OK ? ext : rc, what));
}

Status Db::set_full_sync(bool full) {
  if (full == full_sync_) return {};
  if (auto st = run(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"); !st) return st;
  full_sync_ = full;
  return {};
}

Status Db::sync_wal() {
  sqlite3_file* wal = nullptr;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK || wal == nullptr ||
      wal->pMethods == nullptr)
    return {};  // no WAL open: nothing written since the last checkpoint
  int rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL);
  if (rc != SQLITE_OK) return fail(error(rc, "fsync of the WAL"));
  return {};
}

Status Db::run(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return fail(stmt.error());
  return stmt->run();
}

Result<Stmt> Db::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return Stmt(*this, it->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return fail(error(sqlite3_extended_errcode(db_), sql));
  }
  if (stmt == nullptr) return fail(internal("empty SQL statement"));
  cache_.emplace(std::string(sql), stmt);
  return Stmt(*this, stmt);
}

void Db::rollback_if_open() {
  if (sqlite3_get_autocommit(db_) != 0) return;  // SQLite already rolled back
  if (sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr) != SQLITE_OK) broken_ = true;
}

int Db::changes() const { return sqlite3_changes(db_); }

bool Db::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

Error Db::error(int rc, std::string_view what, std::string_view fk_resource) {
  const int primary = rc & 0xff;
  const char* msg = sqlite3_errmsg(db_);
  std::string detail = describe(rc, what, primary == SQLITE_MISUSE ? nullptr : msg);
  if (primary == SQLITE_CONSTRAINT) {
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY: {
        Error e(ErrorCode::kConflict, "This conflicts with an existing resource.");
        e.detail = std::move(detail);
        return e;
      }
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        if (!fk_resource.empty()) {
          Error e = not_found(std::string(fk_resource));
          e.detail = std::move(detail);
          return e;
        }
        break;
      default:
        break;
    }
    return internal(std::move(detail));
  }
  if (is_unavailable(primary)) {
    if (primary != SQLITE_BUSY && primary != SQLITE_LOCKED) broken_ = true;
    return unavailable(std::move(detail));
  }
  return internal(std::move(detail));
}

}  // namespace latchkey::store::sqlite
