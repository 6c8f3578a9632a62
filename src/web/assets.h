// Static assets embedded from src/web/assets/, served at /assets/<name>.
// Thread safety: pure functions over immutable data.
#pragma once

#include <optional>
#include <string_view>

#include "http/message.h"

namespace latchkey::web {

inline constexpr std::string_view kAssetPrefix = "/assets/";

// For a request path "/assets/<name>" naming an embedded asset: 200 with its
// bytes, the Content-Type for its extension (text/css; charset=utf-8, ...),
// `Cache-Control: public, max-age=3600` and `X-Content-Type-Options: nosniff`.
// nullopt for any other path (the router answers 404): no decoding, no
// subdirectories, so no traversal.
std::optional<http::Response> serve_asset(std::string_view path);

// Content-Type for a file name's extension; application/octet-stream if unknown.
std::string_view content_type_for(std::string_view file_name);

}  // namespace latchkey::web
