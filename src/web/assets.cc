#include "web/assets.h"

#include <array>
#include <string>
#include <utility>

#include "web/embedded.h"

namespace latchkey::web {

std::string_view content_type_for(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kTypes{{
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
  }};
  for (const auto& [suffix, type] : kTypes)
    if (file_name.ends_with(suffix)) return type;
  return "application/octet-stream";
}

std::optional<http::Response> serve_asset(std::string_view path) {
  if (!path.starts_with(kAssetPrefix)) return std::nullopt;
  const std::string_view name = path.substr(kAssetPrefix.size());
  if (name.empty() || name.find('/') != std::string_view::npos) return std::nullopt;
  const auto file = find_embedded("assets/" + std::string(name));
  if (!file) return std::nullopt;
  http::Response response;
  response.set("Content-Type", std::string(content_type_for(name)));
  response.set("Cache-Control", "public, max-age=3600");
  response.set("X-Content-Type-Options", "nosniff");
  response.body.assign(file->text());
  return response;
}

}  // namespace latchkey::web
