#include "git/push_result.h"

#include <vector>

namespace latchkey::git {

std::optional<Deployed> deployed_branch(const RefMap& before, const RefMap& after) {
  std::vector<Deployed> updated;  // in ref-name order (RefMap is sorted)
  for (const auto& [ref, sha] : after) {
    if (!ref.starts_with("refs/heads/")) continue;
    const auto old = before.find(ref);
    if (old == before.end() || old->second != sha) updated.push_back({ref, sha});
  }
  for (const char* preferred : {"refs/heads/main", "refs/heads/master"})
    for (const auto& d : updated)
      if (d.ref == preferred) return d;
  if (updated.empty()) return std::nullopt;
  return updated.front();
}

}  // namespace latchkey::git
