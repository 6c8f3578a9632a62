// Runs the conformance suite on SQLite: a fresh database file per test.
#include <gtest/gtest.h>

#include "sqlite_test_support.h"
#include "store_conformance.h"

namespace latchkey::store::testing {
namespace {

std::unique_ptr<Store> make_sqlite_store() {
  auto dir = std::make_unique<TempDir>();
  if (!dir->ok()) {
    ADD_FAILURE() << "mkdtemp failed";
    return nullptr;
  }
  auto store = open_sqlite_store(SqliteOptions{.path = dir->file("latchkey.db")});
  if (!store) {
    ADD_FAILURE() << "open_sqlite_store: " << store.error().detail;
    return nullptr;
  }
  return std::make_unique<OwningStore>(std::move(dir), std::move(*store));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
                         ::testing::Values(StoreBackend{"sqlite", &make_sqlite_store}),
                         backend_name);

}  // namespace
}  // namespace latchkey::store::testing
