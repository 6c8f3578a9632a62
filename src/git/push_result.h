// What a push changed, from the repository's refs before and after it: the
// branch to record as deployed (Heroku deploys main or master; we record
// main, else master, else the first updated branch by name). Deletions and
// tags are not deploys.
// Thread safety: pure function.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace latchkey::git {

using RefMap = std::map<std::string, std::string>;  // "refs/heads/main" → sha

struct Deployed {
  std::string ref;
  std::string sha;
};

std::optional<Deployed> deployed_branch(const RefMap& before, const RefMap& after);

}  // namespace latchkey::git
