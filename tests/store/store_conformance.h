// The ONE storage conformance suite (Ory/Hydra style): every backend of
// store::Store must pass it unchanged. It exercises only the public interfaces
// of store/store.h, so it says what services may rely on.
//
// A backend instantiates it with a factory returning a fresh, empty, migrated
// store per test (nullptr = backend not available here, e.g. no PostgreSQL;
// every test is then skipped):
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
//                            ::testing::Values(StoreBackend{"sqlite", &make_sqlite_store}),
//                            backend_name);
//
// Cleanup of whatever the factory created (temp files, schemas) belongs to the
// returned Store's destructor.
// Thread safety: the fixture is used by one test thread; the concurrency tests
// spawn their own threads against the store.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/account.h"
#include "model/app.h"
#include "model/audit_event.h"
#include "model/authorization.h"
#include "model/one_time_secret.h"
#include "model/session.h"
#include "store/store.h"

namespace latchkey::store::testing {

struct StoreBackend {
  std::string name;                              // gtest parameter name, e.g. "sqlite"
  std::function<std::unique_ptr<Store>()> make;  // fresh store per call; nullptr = skip
};

std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& info);

// Fixture with builders that produce valid, unique rows (ids are UUID-shaped
// and token hashes 64 hex digits, so typed backends accept them too).
class StoreConformance : public ::testing::TestWithParam<StoreBackend> {
 protected:
  static constexpr UnixTime kT0 = 1'700'000'000;  // a fixed "now"; no wall clock in tests

  void SetUp() override;
  Store& store() { return *store_; }

  std::string next_uuid();
  std::string next_hash();
  model::Account account(const std::string& email, UnixTime at = kT0);
  model::AuditEvent event(const std::string& account_id, const std::string& action,
                          UnixTime at = kT0);
  model::Authorization authorization(const model::Account& owner, UnixTime at = kT0);
  model::Session session(const model::Account& owner, UnixTime at = kT0);
  model::OneTimeSecret secret(const std::string& purpose, UnixTime expires_at);

  // Creates and returns an account (asserting success).
  model::Account created_account(const std::string& email);
  // Creates and returns an authorization for `owner` (asserting success).
  model::Authorization created_authorization(const model::Account& owner, UnixTime at = kT0);

  // Platform resources (store_conformance_apps.cc). created_app creates the app
  // with its first release and asserts success; created_team makes `admin` its
  // first member.
  model::App app(const model::Account& owner, const std::string& name, UnixTime at = kT0,
                 const std::string& team_id = {});
  model::Release release(const std::string& app_id, const model::Account& by,
                         const std::string& description, UnixTime at = kT0);
  model::Collaborator collaborator(const std::string& app_id, const model::Account& who,
                                   std::vector<std::string> permissions, UnixTime at = kT0);
  model::App created_app(const model::Account& owner, const std::string& name, UnixTime at = kT0,
                         const std::string& team_id = {});
  model::Team created_team(const model::Account& admin, const std::string& name, UnixTime at = kT0);
  model::TeamMember member(const std::string& team_id, const model::Account& who,
                           const std::string& role, UnixTime at = kT0);

 private:
  std::unique_ptr<Store> store_;
  int counter_ = 0;
};

}  // namespace latchkey::store::testing
