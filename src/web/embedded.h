// Files compiled into the binary from src/web/templates/ and src/web/assets/
// by src/web/embed_dir.cmake, so the server needs no template or asset
// directory at run time.
// Thread safety: immutable static data.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace latchkey::web {

struct EmbeddedFile {
  std::string_view name;  // "templates/login.tpl", "assets/style.css"
  const unsigned char* bytes;
  std::size_t size;

  std::string_view text() const { return {reinterpret_cast<const char*>(bytes), size}; }
};

// Every embedded file, sorted by name.
std::span<const EmbeddedFile> embedded_files();

// The file with exactly this name, if embedded.
std::optional<EmbeddedFile> find_embedded(std::string_view name);

}  // namespace latchkey::web
