// Test support for the SQLite backend: a temp directory that removes itself,
// and a Store wrapper that owns its database directory, so each conformance
// test gets a fresh file and leaves nothing behind.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace latchkey::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lk-store-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Owns the directory of the database it wraps; the store closes first.
class OwningStore final : public Store {
 public:
  OwningStore(std::unique_ptr<TempDir> dir, std::unique_ptr<Store> inner)
      : dir_(std::move(dir)), inner_(std::move(inner)) {}
  AccountStore& accounts() override { return inner_->accounts(); }
  AuthorizationStore& authorizations() override { return inner_->authorizations(); }
  SessionStore& sessions() override { return inner_->sessions(); }
  ThrottleStore& throttles() override { return inner_->throttles(); }
  OneTimeSecretStore& one_time_secrets() override { return inner_->one_time_secrets(); }
  AuditStore& audit() override { return inner_->audit(); }
  MfaStore& mfa() override { return inner_->mfa(); }
  ClientStore& clients() override { return inner_->clients(); }
  GrantStore& grants() override { return inner_->grants(); }
  DeviceStore& devices() override { return inner_->devices(); }
  SigningKeyStore& signing_keys() override { return inner_->signing_keys(); }
  AppStore& apps() override { return inner_->apps(); }
  TeamStore& teams() override { return inner_->teams(); }
  AlertStore& alerts() override { return inner_->alerts(); }
  Status ping() override { return inner_->ping(); }

 private:
  std::unique_ptr<TempDir> dir_;  // destroyed after inner_
  std::unique_ptr<Store> inner_;
};

}  // namespace latchkey::store::testing
