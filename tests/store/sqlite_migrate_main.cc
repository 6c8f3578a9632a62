// store_sqlite_migrate <db file>: applies the embedded SQLite migrations
// (what `latchkeyd migrate` does); used to regenerate docs/schema/sqlite.sql.
#include <cstdio>

#include "store/sqlite/sqlite_store.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <database file>\n", argv[0]);
    return 2;
  }
  auto st = latchkey::store::migrate_sqlite(argv[1]);
  if (!st) {
    std::fprintf(stderr, "migrate failed: %s\n", st.error().detail.c_str());
    return 1;
  }
  return 0;
}
