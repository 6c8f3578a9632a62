// The connections of one SQLite database: ONE writer (all writes serialized by
// a mutex, each in BEGIN IMMEDIATE ... COMMIT) and a small pool of read-only
// reader connections (WAL lets them read while the writer writes).
//
// Recovery: a connection that hit an environmental failure (disk full, file
// read-only, I/O error, ...) is discarded and reopened on next use; a writer
// that opened the file read-only is refused and retried on every write, and
// then the readers are recycled too (see drop_readers). So once the disk is
// writable again the next call succeeds, without a restart.
//
// Thread safety: write(), read() and ping() may be called from any thread.
// Do not call write() or read() from inside the function given to write() or
// read() (one connection per call; nesting could exhaust the pool).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace latchkey::store::sqlite {

class Connections {
 public:
  struct Settings {
    std::string path;
    int busy_timeout_ms = 5000;
    int readers = 4;
    int deferred_fsync_ms = 0;  // 0: every commit waits for its fsync
  };

  // Opens the writer and runs pending migrations on it; readers open lazily.
  static Result<std::unique_ptr<Connections>> open(Settings settings);
  ~Connections();  // runs what is queued, then stops the writer thread
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  // Runs f(Db&) -> Result<T> on the writer inside a write transaction and
  // returns only after COMMIT succeeded; if f fails, nothing of it is applied.
  // Group commit: writes that arrive while another batch is committing run
  // together in the next transaction, each inside its own SAVEPOINT (a failing
  // one is rolled back alone), with one COMMIT — and one fsync — for all.
  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, Db&> {
    using R = std::invoke_result_t<F&, Db&>;
    std::optional<R> result;
    GroupJob job;
    job.run = [&](Db& db) {
      result.emplace(f(db));
      return result->has_value();
    };
    job.fail = [&](const Error& e) { result.emplace(latchkey::fail(e)); };
    run_in_group(job);
    // run_in_group always calls job.run or job.fail, and both set result.
    return std::move(*result);  // NOLINT(bugprone-unchecked-optional-access)
  }

  // Like write(), but returns at once: f runs in a later group commit on the
  // writer thread, and done(result) is called on that thread after the COMMIT
  // (or the failure). done must be quick and must not call write(). If the
  // write cannot even be queued (shutting down, or kMaxQueued writes already
  // waiting) done is called at once with kUnavailable.
  // Deferred durability (Settings::deferred_fsync_ms > 0): the write may be
  // reported before its fsync, which follows within deferred_fsync_ms (or with
  // the next commit that waits for one). Only for writes whose loss in a power
  // cut costs nothing but a retry (a fresh credential nobody else knows of).
  enum class Durability { kFsync, kDeferred };
  template <class F, class Done>
  void write_async(F f, Done done, Durability durability = Durability::kFsync) {
    using R = std::invoke_result_t<F&, Db&>;
    struct State {
      F f;
      Done done;
      std::optional<R> result;
    };
    auto state = std::make_shared<State>(State{std::move(f), std::move(done), std::nullopt});
    auto job = std::make_unique<GroupJob>();
    job->deferred = durability == Durability::kDeferred;
    job->run = [state](Db& db) {
      state->result.emplace(state->f(db));
      return state->result->has_value();
    };
    job->fail = [state](const Error& e) { state->result.emplace(latchkey::fail(e)); };
    job->finished = [state] { state->done(std::move(*state->result)); };
    if (auto st = submit(std::move(job)); !st) state->done(R(latchkey::fail(st.error())));
  }

  // Like write(), for best-effort writes that must never wait: fails at once
  // with kUnavailable when the writer is in use in this process or the database
  // is locked by another one (busy timeout 0 for this transaction).
  template <class F>
  auto try_write(F&& f) -> std::invoke_result_t<F&, Db&> {
    std::unique_lock lock(write_mu_, std::try_to_lock);
    if (!lock.owns_lock()) return fail(unavailable("sqlite: writer busy"));
    auto db = writer_locked();
    if (!db) return fail(db.error());
    (*db)->set_busy_timeout(0);
    struct Restore {
      Db* db;
      int ms;
      ~Restore() { db->set_busy_timeout(ms); }
    } restore{*db, settings_.busy_timeout_ms};
    return transaction_locked(**db, f);
  }

  // Runs f(Db&) -> Result<T> on a reader connection. Single statements need no
  // explicit transaction; f may open one for multi-statement consistency.
  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, Db&> {
    auto lease = acquire_reader();
    if (!lease) return fail(lease.error());
    return f(*lease->db);
  }

  // Cheap probe: the writer is open and writable, and a reader can read.
  Status ping();

  // False while a deferred write is committed but not yet fsynced.
  bool all_durable() const { return unsynced_since_.load() == 0; }

 private:
  // One write waiting for (or in) a group commit.
  struct GroupJob {
    std::function<bool(Db&)> run;          // true = succeeded, keep its changes
    std::function<void(const Error&)> fail;  // the batch failed after all
    std::function<void()> finished;        // async jobs only: after the batch
    bool deferred = false;                 // may be reported before its fsync
    std::condition_variable wake;  // sync jobs: waited on with group_mu_
    bool done = false;               // guarded by group_mu_
  };
  static constexpr std::size_t kMaxQueued = 4096;

  // Sync: queues `job` and waits for it. If no batch is running, this caller
  // leads: it runs one batch (every queued job) under write_mu_ and hands
  // whatever queued meanwhile to the writer thread.
  void run_in_group(GroupJob& job);
  // Async: queues a heap job (deleted after `finished`), waking the writer thread.
  Status submit(std::unique_ptr<GroupJob> job);
  void writer_loop();
  // Whether the batch may commit without fsync; write_mu_ held.
  bool may_defer_locked(const std::vector<GroupJob*>& batch) const;
  // fsyncs the WAL if a deferred commit is not durable yet; write_mu_ held.
  void sync_deferred_locked();
  // Takes every queued job and runs them as one batch; group_mu_ held on entry
  // and exit, released while the batch runs.
  void run_one_batch(std::unique_lock<std::mutex>& lock);
  void run_batch_locked(const std::vector<GroupJob*>& batch);

  // BEGIN IMMEDIATE; f(db); COMMIT, or ROLLBACK if f or the COMMIT failed. write_mu_ held.
  template <class F>
  auto transaction_locked(Db& db, F& f) -> std::invoke_result_t<F&, Db&> {
    if (auto st = db.set_full_sync(true); !st) return fail(st.error());
    if (auto st = db.begin_immediate(); !st) {
      db.rollback_if_open();
      return fail(st.error());
    }
    auto result = f(db);
    if (!result) {
      db.rollback_if_open();
      return result;
    }
    if (auto st = commit_locked(db); !st) return fail(st.error());
    return result;
  }

  // A reader checked out of the pool; returned (or discarded if broken) on destruction.
  struct Lease {
    Connections* owner;
    std::unique_ptr<Db> db;
    std::uint64_t generation;
    Lease(Connections* o, std::unique_ptr<Db> d, std::uint64_t g)
        : owner(o), db(std::move(d)), generation(g) {}
    Lease(Lease&& other) noexcept
        : owner(other.owner), db(std::move(other.db)), generation(other.generation) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
  };

  explicit Connections(Settings settings);
  Result<Db*> writer_locked();        // opens or reopens the writer; write_mu_ held
  // COMMIT; then tracks whether everything committed is durable (deferred =
  // this one was committed with synchronous = NORMAL).
  Status commit_locked(Db& db, bool deferred = false);
  Result<Lease> acquire_reader();
  void release_reader(std::unique_ptr<Db> db, std::uint64_t generation);
  // Closes idle readers and retires leased ones. SQLite shares per-file state
  // (the WAL index) among a process's connections, so a writer reopened after
  // a read-only spell only becomes writable once every old connection is gone.
  void drop_readers();

  const Settings settings_;

  std::mutex write_mu_;
  std::unique_ptr<Db> writer_;  // null or broken => reopened on next write

  std::mutex group_mu_;
  std::condition_variable writer_cv_;
  std::vector<GroupJob*> queued_;
  bool leading_ = false;   // a batch is running or handed to the writer thread
  bool handoff_ = false;   // the writer thread is to lead
  bool stopping_ = false;
  // steady_clock ns of the oldest commit not yet fsynced; 0 = all durable.
  std::atomic<std::int64_t> unsynced_since_{0};
  std::thread writer_thread_;  // runs batches handed over by a leader or queued async

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Db>> idle_;
  int open_readers_ = 0;         // idle + leased
  std::uint64_t generation_ = 0;  // readers of an older generation are closed on release
};

}  // namespace latchkey::store::sqlite
