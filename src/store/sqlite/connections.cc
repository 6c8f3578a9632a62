#include "store/sqlite/connections.h"

#include <algorithm>
#include <chrono>

#include <pthread.h>

#include "store/sqlite/migrations.h"

namespace latchkey::store::sqlite {

Result<std::unique_ptr<Connections>> Connections::open(Settings settings) {
  settings.readers = std::max(1, settings.readers);
  settings.busy_timeout_ms = std::max(0, settings.busy_timeout_ms);
  std::unique_ptr<Connections> conns(new Connections(std::move(settings)));
  std::lock_guard lock(conns->write_mu_);
  auto writer = Db::open(conns->settings_.path, Db::Mode::kReadWrite, conns->settings_.busy_timeout_ms);
  if (!writer) return fail(writer.error());
  // An up-to-date database opens even when read-only (migrate() then only
  // reads); writes will answer kUnavailable until the file is writable.
  if (auto st = migrate(**writer, embedded_migrations()); !st) return fail(st.error());
  conns->writer_ = std::move(*writer);
  return conns;
}

Result<Db*> Connections::writer_locked() {
  if (writer_ && writer_->broken()) {
    writer_.reset();
    drop_readers();
  }
  if (!writer_) {
    auto db = Db::open(settings_.path, Db::Mode::kReadWrite, settings_.busy_timeout_ms);
    if (!db) return fail(db.error());
    writer_ = std::move(*db);
  }
  if (writer_->read_only()) {
    writer_.reset();  // reopen next time: the permission may have come back
    drop_readers();
    return fail(unavailable("sqlite: database file is read-only"));
  }
  return writer_.get();
}

Connections::Connections(Settings settings)
    : settings_(std::move(settings)), writer_thread_([this] { writer_loop(); }) {}

Connections::~Connections() {
  {
    std::lock_guard lock(group_mu_);
    stopping_ = true;
  }
  writer_cv_.notify_one();
  if (writer_thread_.joinable()) writer_thread_.join();
}

void Connections::run_in_group(GroupJob& job) {
  std::unique_lock lock(group_mu_);
  queued_.push_back(&job);
  if (leading_) {
    // Woken exactly once, when the batch holding this job is done (no
    // thundering herd on a shared condition).
    job.wake.wait(lock, [&] { return job.done; });
    return;
  }
  // Nobody is committing: this caller runs the batch itself (no thread switch
  // when the server is quiet), then leaves what queued meanwhile to the writer.
  leading_ = true;
  run_one_batch(lock);
  if (queued_.empty()) {
    leading_ = false;
  } else {
    handoff_ = true;
    writer_cv_.notify_one();
  }
}

Status Connections::submit(std::unique_ptr<GroupJob> job) {
  std::unique_lock lock(group_mu_);
  if (stopping_) return fail(unavailable("sqlite: shutting down"));
  if (queued_.size() >= kMaxQueued) return fail(unavailable("sqlite: too many writes queued"));
  queued_.push_back(job.release());
  if (!leading_) {
    leading_ = true;
    handoff_ = true;
    writer_cv_.notify_one();
  }
  return {};
}

void Connections::writer_loop() {
  pthread_setname_np(pthread_self(), "lk-sql-writer");  // as shown by top -H, perf
  std::unique_lock lock(group_mu_);
  const auto work = [&] { return handoff_ || stopping_; };
  while (true) {
    if (const std::int64_t since = unsynced_since_.load(); since != 0) {
      // A deferred commit is not durable yet: sync it by its deadline at the latest.
      const auto deadline = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(since)) +
                            std::chrono::milliseconds(settings_.deferred_fsync_ms);
      if (!writer_cv_.wait_until(lock, deadline, work)) {
        lock.unlock();
        {
          std::lock_guard write_lock(write_mu_);
          sync_deferred_locked();
        }
        lock.lock();
        continue;
      }
    } else {
      writer_cv_.wait(lock, work);
    }
    if (handoff_) {
      handoff_ = false;
      while (!queued_.empty()) run_one_batch(lock);  // leading_ is true
      leading_ = false;
    }
    if (stopping_ && !leading_ && queued_.empty()) {
      lock.unlock();
      std::lock_guard write_lock(write_mu_);
      sync_deferred_locked();
      return;
    }
  }
}

bool Connections::may_defer_locked(const std::vector<GroupJob*>& batch) const {
  if (settings_.deferred_fsync_ms <= 0) return false;
  if (!std::all_of(batch.begin(), batch.end(), [](const GroupJob* j) { return j->deferred; })) return false;
  // Past the deadline, this batch's fsync makes the earlier ones durable too.
  const std::int64_t since = unsynced_since_.load();
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return since == 0 || now - std::chrono::nanoseconds(since) < std::chrono::milliseconds(settings_.deferred_fsync_ms);
}

void Connections::sync_deferred_locked() {
  if (unsynced_since_.load() == 0 || !writer_ || writer_->broken()) return;
  // On failure the mark stays: the next commit (or the next round) fsyncs.
  if (writer_->sync_wal()) unsynced_since_ = 0;
}

void Connections::run_one_batch(std::unique_lock<std::mutex>& lock) {
  std::vector<GroupJob*> batch;
  batch.swap(queued_);
  lock.unlock();
  {
    std::lock_guard write_lock(write_mu_);
    run_batch_locked(batch);
  }
  // Async jobs complete outside group_mu_ (their callbacks may do anything
  // but write through this object synchronously); sync callers are woken.
  std::vector<GroupJob*> waiting;  // sync jobs: their callers own them
  for (auto* j : batch) {
    if (!j->finished) {
      waiting.push_back(j);
      continue;
    }
    j->finished();
    delete j;
  }
  lock.lock();
  for (auto* j : waiting) {
    j->done = true;
    j->wake.notify_one();
  }
}

namespace {
Status roll_back_job(Db& db) {
  if (auto st = db.run("ROLLBACK TO lk_job"); !st) return st;
  return db.run("RELEASE lk_job");
}
}  // namespace

void Connections::run_batch_locked(const std::vector<GroupJob*>& batch) {
  auto opened = writer_locked();
  if (!opened) {
    for (auto* j : batch) j->fail(opened.error());
    return;
  }
  Db& db = **opened;
  auto fail_all = [&](const Error& e) {
    db.rollback_if_open();
    for (auto* j : batch) j->fail(e);
  };
  const bool deferred = may_defer_locked(batch);
  if (auto st = db.set_full_sync(!deferred); !st) return fail_all(st.error());
  if (auto st = db.begin_immediate(); !st) return fail_all(st.error());
  if (batch.size() == 1) {  // the common case needs no savepoint
    if (!batch.front()->run(db)) {
      db.rollback_if_open();
      return;
    }
    if (auto st = commit_locked(db, deferred); !st) batch.front()->fail(st.error());
    return;
  }
  std::vector<GroupJob*> kept;
  for (auto* j : batch) {
    if (auto st = db.run("SAVEPOINT lk_job"); !st) return fail_all(st.error());
    if (j->run(db)) {
      if (auto st = db.run("RELEASE lk_job"); !st) return fail_all(st.error());
      kept.push_back(j);
    } else if (auto st = roll_back_job(db); !st) {
      // The job already has its own error; the others must not commit half a batch.
      db.rollback_if_open();
      for (auto* k : kept) k->fail(st.error());
      return;
    }
  }
  if (kept.empty()) {
    db.rollback_if_open();
    return;
  }
  if (auto st = commit_locked(db, deferred); !st)
    for (auto* k : kept) k->fail(st.error());
}

Status Connections::commit_locked(Db& db, bool deferred) {
  auto st = db.commit();
  if (!st) {
    db.rollback_if_open();  // a failed COMMIT may leave the transaction open
    return st;
  }
  if (!deferred) {
    unsynced_since_ = 0;  // the WAL's fsync covered every earlier commit too
  } else if (unsynced_since_.load() == 0) {
    unsynced_since_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  return st;
}

Status Connections::ping() {
  {
    std::lock_guard lock(write_mu_);
    if (auto db = writer_locked(); !db) return fail(db.error());
  }
  return read([](Db& db) -> Status {
    auto stmt = db.prepare("SELECT count(*) FROM schema_migrations");
    if (!stmt) return fail(stmt.error());
    if (auto row = stmt->step(); !row) return fail(row.error());
    return {};
  });
}

Result<Connections::Lease> Connections::acquire_reader() {
  std::uint64_t generation = 0;
  {
    std::unique_lock lock(pool_mu_);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.busy_timeout_ms);
    bool ready = pool_cv_.wait_until(lock, deadline, [&] {
      return !idle_.empty() || open_readers_ < settings_.readers;
    });
    if (!ready) return fail(unavailable("sqlite: no reader connection free within busy_timeout"));
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db), generation_);
    }
    ++open_readers_;  // reserve the slot, open outside the lock
    generation = generation_;
  }
  auto db = Db::open(settings_.path, Db::Mode::kReadOnly, settings_.busy_timeout_ms);
  if (!db) {
    release_reader(nullptr, generation);
    return fail(db.error());
  }
  return Lease(this, std::move(*db), generation);
}

void Connections::release_reader(std::unique_ptr<Db> db, std::uint64_t generation) {
  {
    std::lock_guard lock(pool_mu_);
    if (db && !db->broken() && generation == generation_) {
      idle_.push_back(std::move(db));
    } else {
      --open_readers_;
    }
  }
  pool_cv_.notify_one();
  // A broken Db (if any) is closed here, outside the lock.
}

void Connections::drop_readers() {
  std::vector<std::unique_ptr<Db>> closing;
  {
    std::lock_guard lock(pool_mu_);
    ++generation_;
    closing.swap(idle_);
    open_readers_ -= static_cast<int>(closing.size());
  }
  pool_cv_.notify_all();
  // `closing` is destroyed here, outside the lock.
}

Connections::Lease::~Lease() {
  if (owner != nullptr && db) owner->release_reader(std::move(db), generation);
}

}  // namespace latchkey::store::sqlite
