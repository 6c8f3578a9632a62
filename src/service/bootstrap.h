// The first administrator (security checklist S10): no default accounts exist.
// While the database has no account, each start issues a single-use bootstrap
// secret (printed once to the console, stored hashed, valid for
// tokens.bootstrap_ttl_s); redeeming it creates the first admin. A second use,
// or any use once an account exists, is kGone (410).
// Thread safety: thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "service/accounts.h"
#include "service/deps.h"

namespace latchkey::service {

class BootstrapService {
 public:
  BootstrapService(Deps deps, AccountService& accounts, int ttl_seconds)
      : deps_(deps), accounts_(accounts), ttl_seconds_(ttl_seconds) {}

  // A fresh secret if no account exists yet, else nullopt.
  Result<std::optional<std::string>> issue_if_empty();
  Result<model::Account> redeem(const std::string& secret, const SignUp& admin,
                                const RequestInfo& info);

 private:
  Deps deps_;
  AccountService& accounts_;
  const int ttl_seconds_;
};

}  // namespace latchkey::service
