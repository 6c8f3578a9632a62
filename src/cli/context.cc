#include "cli/context.h"

namespace latchkey::cli {

Environment Environment::from_environ(char** envp) {
  Environment env;
  for (char** p = envp; p != nullptr && *p != nullptr; ++p) {
    std::string_view kv(*p);
    std::size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.vars_.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace latchkey::cli
