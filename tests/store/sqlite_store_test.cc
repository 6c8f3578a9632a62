// SQLite-specific behaviour beyond the conformance suite: durability across
// reopen, migrations (idempotent, refused when newer/edited), the schema dump
// in docs/schema/sqlite.sql, connection settings, and kUnavailable + recovery
// when the database file or directory is not writable (R4).
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sqlite3.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "sqlite_test_support.h"
#include "store/sqlite/connections.h"
#include "store_test_util.h"

#ifndef LATCHKEY_SOURCE_DIR
#error "LATCHKEY_SOURCE_DIR must name the source tree (for docs/schema/sqlite.sql)"
#endif

namespace latchkey::store::testing {
namespace {

namespace fs = std::filesystem;
constexpr UnixTime kT0 = 1'700'000'000;

model::Account make_account(const std::string& id, const std::string& email) {
  model::Account a;
  a.id = id;
  a.email = email;
  a.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  a.created_at = kT0;
  a.updated_at = kT0;
  return a;
}

model::AuditEvent make_event(const std::string& id, const std::string& account_id) {
  return model::AuditEvent{.id = id, .account_id = account_id, .action = "account.created", .detail = "{}", .created_at = kT0};
}

// Runs one query on a private connection and returns the rows, one string per
// row with columns joined by '|' (like the sqlite3 shell).
std::vector<std::string> query(const std::string& path, const std::string& sql) {
  std::vector<std::string> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "open " << path << ": " << sqlite3_errmsg(db);
    sqlite3_close(db);
    return rows;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  } else {
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) row += '|';
        const unsigned char* t = sqlite3_column_text(stmt, i);
        row += t ? reinterpret_cast<const char*>(t) : "";
      }
      rows.push_back(row);
    }
    if (rc != SQLITE_DONE) ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

// As root, permission bits do not stop writes; drop the capabilities that
// bypass them for this thread (store calls below run on this thread).
class ScopedNoDacOverride {
 public:
  ScopedNoDacOverride() {
    if (::geteuid() != 0) return;
    if (syscall(SYS_capget, &header_, saved_) != 0) return;
    __user_cap_data_struct reduced[2] = {saved_[0], saved_[1]};
    constexpr unsigned kMask =
        (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_FOWNER);
    reduced[0].effective &= ~kMask;
    active_ = syscall(SYS_capset, &header_, reduced) == 0;
  }
  ~ScopedNoDacOverride() {
    if (active_) syscall(SYS_capset, &header_, saved_);
  }
  bool ok() const { return ::geteuid() != 0 || active_; }

 private:
  __user_cap_header_struct header_{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct saved_[2]{};
  bool active_ = false;
};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dir_.ok()); }
  std::string db_path() const { return dir_.file("latchkey.db"); }
  std::unique_ptr<Store> open(int readers = 4) {
    auto s = open_sqlite_store(SqliteOptions{.path = db_path(), .readers = readers});
    EXPECT_TRUE(s.has_value()) << detail(s);
    return s ? std::move(*s) : nullptr;
  }
  TempDir dir_;
};

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    LK_ASSERT_OK(store->accounts().create(make_account("a-1", "ann@example.com"), make_event("e-1", "a-1")));
  }
  auto store = open();
  ASSERT_TRUE(store);
  auto found = store->accounts().find_by_email("ann@example.com");
  LK_ASSERT_OK(found);
  EXPECT_EQ(found->id, "a-1");
  EXPECT_EQ(store->audit().list("a-1", 5)->size(), 1u);
}

TEST_F(SqliteStoreTest, ConnectionSettingsAreInEffect) {
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(query(db_path(), "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST_F(SqliteStoreTest, MigrationsAreRecordedAndReRunningIsANoOp) {
  LK_ASSERT_OK(migrate_sqlite(db_path()));
  auto before = query(db_path(), "SELECT version, name, checksum, applied_at FROM schema_migrations");
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(before.front().substr(0, 12), "1|0001_init|");
  auto schema = query(db_path(), "SELECT sql FROM sqlite_schema ORDER BY name");
  LK_ASSERT_OK(migrate_sqlite(db_path()));
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(query(db_path(), "SELECT version, name, checksum, applied_at FROM schema_migrations"), before);
  EXPECT_EQ(query(db_path(), "SELECT sql FROM sqlite_schema ORDER BY name"), schema);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerBinary) {
  LK_ASSERT_OK(migrate_sqlite(db_path()));
  query(db_path(), "INSERT INTO schema_migrations VALUES (9999, '9999_future', 'x', 0)");
  EXPECT_EQ(outcome(open_sqlite_store(SqliteOptions{.path = db_path()})), "internal");
  EXPECT_EQ(outcome(migrate_sqlite(db_path())), "internal");
}

TEST_F(SqliteStoreTest, RefusesAnEditedMigration) {
  LK_ASSERT_OK(migrate_sqlite(db_path()));
  query(db_path(), "UPDATE schema_migrations SET checksum = '0000000000000000' WHERE version = 1");
  EXPECT_EQ(outcome(open_sqlite_store(SqliteOptions{.path = db_path()})), "internal");
}

// docs/schema/sqlite.sql is `sqlite3 <migrated db> .schema`; regenerate it
// (see docs/schema/README.md) whenever a migration is added.
TEST_F(SqliteStoreTest, SchemaDumpInDocsMatchesTheMigrations) {
  LK_ASSERT_OK(migrate_sqlite(db_path()));
  std::string live;
  for (const auto& sql : query(db_path(), "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid")) {
    live += sql + ";\n";
  }
  std::ifstream in(std::string(LATCHKEY_SOURCE_DIR) + "/docs/schema/sqlite.sql");
  ASSERT_TRUE(in) << "docs/schema/sqlite.sql missing";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), live) << "schema drift: regenerate docs/schema/sqlite.sql";
}

TEST_F(SqliteStoreTest, CorruptFileIsUnavailableNotACrash) {
  std::ofstream(db_path()) << std::string(8192, 'x');
  EXPECT_EQ(outcome(open_sqlite_store(SqliteOptions{.path = db_path()})), "unavailable");
}

TEST_F(SqliteStoreTest, MissingDirectoryIsUnavailable) {
  auto s = open_sqlite_store(SqliteOptions{.path = dir_.file("no/such/dir/latchkey.db")});
  EXPECT_EQ(outcome(s), "unavailable");
}

TEST_F(SqliteStoreTest, UnwritableDirectoryIsUnavailable) {
  ScopedNoDacOverride no_override;
  if (!no_override.ok()) GTEST_SKIP() << "cannot drop CAP_DAC_OVERRIDE";
  fs::create_directory(dir_.file("ro"));
  fs::permissions(dir_.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  auto s = open_sqlite_store(SqliteOptions{.path = dir_.file("ro/latchkey.db")});
  EXPECT_EQ(outcome(s), "unavailable");
  EXPECT_EQ(outcome(migrate_sqlite(dir_.file("ro/latchkey.db"))), "unavailable");
}

TEST_F(SqliteStoreTest, ReadOnlyFileReadsWorkWritesAreUnavailableAndRecoverWithoutRestart) {
  {
    auto store = open();
    ASSERT_TRUE(store);
    LK_ASSERT_OK(store->accounts().create(make_account("a-1", "ann@example.com"), make_event("e-1", "a-1")));
  }
  ScopedNoDacOverride no_override;
  if (!no_override.ok()) GTEST_SKIP() << "cannot drop CAP_DAC_OVERRIDE";
  fs::permissions(db_path(), fs::perms::owner_read);
  auto store = open();
  ASSERT_TRUE(store);
  LK_EXPECT_OK(store->accounts().find_by_id("a-1"));
  EXPECT_EQ(outcome(store->accounts().create(make_account("a-2", "bo@example.com"), make_event("e-2", "a-2"))),
            "unavailable");
  EXPECT_EQ(outcome(store->throttles().record_failure("k", kT0, 5)), "unavailable");
  EXPECT_EQ(outcome(store->ping()), "unavailable");

  // The operator restores write access (`chmod u+w latchkey.db*`: SQLite created
  // -wal and -shm with the database file's mode meanwhile).
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  LK_EXPECT_OK(store->accounts().create(make_account("a-2", "bo@example.com"), make_event("e-2", "a-2")));
  LK_EXPECT_OK(store->ping());
  EXPECT_EQ(store->accounts().count().value_or(-1), 2);
}

TEST_F(SqliteStoreTest, ManyReadersShareASmallPool) {
  auto store = open(/*readers=*/1);
  ASSERT_TRUE(store);
  LK_ASSERT_OK(store->accounts().create(make_account("a-1", "ann@example.com"), make_event("e-1", "a-1")));
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (!store->accounts().find_by_id("a-1")) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
}

}  // namespace
}  // namespace latchkey::store::testing

namespace latchkey::store::testing {
namespace {

// Group commit: concurrent writes share transactions, each in its own
// savepoint, so a write that fails halfway (its account row inserted, then its
// audit row refused as a duplicate) is rolled back alone — no account left
// behind — and every other write of its batch commits with its audit event.
TEST_F(SqliteStoreTest, GroupCommitKeepsEachWriteAllOrNothing) {
  auto store = open();
  ASSERT_TRUE(store);
  LK_ASSERT_OK(store->accounts().create(make_account("taken", "taken@example.com"), make_event("e-0", "taken")));
  constexpr int kThreads = 40;
  std::vector<std::string> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string id = "acct-" + std::to_string(t);
      const std::string email = "user" + std::to_string(t) + "@example.com";
      const std::string event_id = t % 2 ? "e-0" : "ev-" + id;  // e-0 exists: the second insert fails
      outcomes[t] = outcome(store->accounts().create(make_account(id, email), make_event(event_id, id)));
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    const std::string id = "acct-" + std::to_string(t);
    if (t % 2) {
      EXPECT_EQ(outcomes[t], "conflict") << t;
      EXPECT_EQ(outcome(store->accounts().find_by_id(id)), "not_found:account") << t;
      EXPECT_EQ(outcome(store->accounts().find_by_email("user" + std::to_string(t) + "@example.com")),
                "not_found:account")
          << "the half-done write was rolled back";
    } else {
      EXPECT_EQ(outcomes[t], "ok") << t;
      LK_EXPECT_OK(store->accounts().find_by_id(id));
      EXPECT_EQ(store->audit().list(id, 5)->size(), 1u) << t;
    }
  }
}

TEST_F(SqliteStoreTest, DeferredWritesAreFsyncedByTheirDeadlineOrTheNextFullCommit) {
  using sqlite::Connections;
  auto insert = [](int x) {
    return [x](sqlite::Db& db) -> Status {
      auto stmt = db.prepare("INSERT INTO t (x) VALUES (?1)");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(x);
      return stmt->run();
    };
  };
  auto deferred_write = [&](Connections& c, int x) {
    std::promise<Status> answer;
    auto future = answer.get_future();
    c.write_async(insert(x), [&](Status st) { answer.set_value(st); }, Connections::Durability::kDeferred);
    return future.get().has_value();
  };
  auto c = Connections::open({.path = db_path(), .deferred_fsync_ms = 1000});
  ASSERT_TRUE(c.has_value());
  Connections& conns = **c;
  LK_ASSERT_OK(conns.write([](sqlite::Db& db) { return db.exec("CREATE TABLE t (x INTEGER)"); }));
  EXPECT_TRUE(conns.all_durable());

  // Answered before its fsync; the writer thread syncs it by the deadline.
  ASSERT_TRUE(deferred_write(conns, 1));
  EXPECT_FALSE(conns.all_durable());
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!conns.all_durable() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(conns.all_durable()) << "still not fsynced 5 s after a 1 s deadline";

  // A write that waits for its fsync makes the deferred ones before it durable.
  ASSERT_TRUE(deferred_write(conns, 2));
  EXPECT_FALSE(conns.all_durable());
  LK_ASSERT_OK(conns.write(insert(3)));
  EXPECT_TRUE(conns.all_durable());
  auto count = conns.read([](sqlite::Db& db) -> Result<std::int64_t> {
    auto stmt = db.prepare("SELECT count(*) FROM t");
    if (!stmt) return fail(stmt.error());
    if (auto row = stmt->step(); !row) return fail(row.error());
    return stmt->int64(0);
  });
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 3);

  // Switched off (0), a deferred write is fsynced before it is answered.
  c->reset();
  auto strict = Connections::open({.path = db_path(), .deferred_fsync_ms = 0});
  ASSERT_TRUE(strict.has_value());
  ASSERT_TRUE(deferred_write(**strict, 4));
  EXPECT_TRUE((*strict)->all_durable());
}

TEST_F(SqliteStoreTest, QueuedAsyncWritesCompleteBeforeTheStoreCloses) {
  constexpr int kWrites = 300;
  std::atomic<int> ok{0}, failed{0};
  {
    auto store = open();
    ASSERT_TRUE(store);
    for (int i = 0; i < kWrites; ++i) {
      model::Authorization a;
      a.id = "authz-" + std::to_string(i);
      a.account_id = "owner";
      a.access_token_id = "at-" + std::to_string(i);
      a.token_hash = std::string(60, 'a') + std::to_string(1000 + i);
      a.created_at = a.updated_at = 1;
      if (i == 0) {
        LK_ASSERT_OK(store->accounts().create(make_account("owner", "owner@example.com"), make_event("e-owner", "owner")));
      }
      store->grants().create_grant_async(a, make_event("e-" + std::to_string(i), "owner"),
                                         [&](Status st) { ++(st ? ok : failed); });
    }
    // The store goes away with writes still queued: each is committed and
    // reported before the destructor returns.
  }
  EXPECT_EQ(ok.load(), kWrites);
  EXPECT_EQ(failed.load(), 0);
  auto reopened = open();
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->authorizations().list("owner")->size(), std::size_t(kWrites));
}

}  // namespace
}  // namespace latchkey::store::testing
