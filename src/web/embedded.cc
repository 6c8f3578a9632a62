#include "web/embedded.h"

#include <algorithm>

namespace latchkey::web {

std::optional<EmbeddedFile> find_embedded(std::string_view name) {
  const auto files = embedded_files();
  const auto it =
      std::lower_bound(files.begin(), files.end(), name,
                       [](const EmbeddedFile& f, std::string_view n) { return f.name < n; });
  if (it == files.end() || it->name != name) return std::nullopt;
  return *it;
}

}  // namespace latchkey::web
