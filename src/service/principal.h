// An authenticated caller: the account and the authorization (token) it used.
#pragma once

#include <algorithm>
#include <string>

#include "model/account.h"
#include "model/authorization.h"

namespace latchkey::service {

struct Principal {
  model::Account account;
  model::Authorization authorization;

  bool has_scope(std::string_view scope) const {
    const auto& s = authorization.scope;
    return std::find(s.begin(), s.end(), "global") != s.end() ||
           std::find(s.begin(), s.end(), scope) != s.end();
  }
};

}  // namespace latchkey::service
