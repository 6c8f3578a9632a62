#include "api/leak_report.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace latchkey::api {
namespace {

namespace json = boost::json;

Result<std::string> member(const json::object& o, std::string_view key, std::size_t index,
                           std::size_t max_chars, bool required) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (!required) return std::string();
    return fail(invalid_params("Entry " + std::to_string(index) + " has no \"" + std::string(key) + "\"."));
  }
  if (!v->is_string() || v->as_string().size() > max_chars)
    return fail(invalid_params("Entry " + std::to_string(index) + ": \"" + std::string(key) +
                               "\" must be a string of at most " + std::to_string(max_chars) +
                               " characters."));
  return std::string(v->as_string());
}

}  // namespace

Result<std::vector<service::LeakReport>> parse_leak_report(std::string_view body,
                                                           std::size_t max_entries) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 4;
  const json::value root = json::parse(body, ec, {}, options);
  if (ec || !root.is_array())
    return fail(Error(ErrorCode::kBadRequest,
                      "The body must be a JSON array of {\"token\", \"type\", \"url\", \"source\"} objects."));
  const auto& items = root.as_array();
  if (items.size() > max_entries)
    return fail(Error(ErrorCode::kPayloadTooLarge,
                      "At most " + std::to_string(max_entries) + " tokens per report."));
  std::vector<service::LeakReport> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object())
      return fail(invalid_params("Entry " + std::to_string(i) + " must be an object."));
    const auto& o = items[i].as_object();
    auto token = member(o, "token", i, kLeakTokenMaxChars, true);
    if (!token) return fail(token.error());
    auto type = member(o, "type", i, kLeakFieldMaxChars, false);
    if (!type) return fail(type.error());
    auto url = member(o, "url", i, kLeakFieldMaxChars, false);
    if (!url) return fail(url.error());
    auto source = member(o, "source", i, kLeakFieldMaxChars, false);
    if (!source) return fail(source.error());
    out.push_back({std::move(*token), std::move(*type), std::move(*url), std::move(*source)});
  }
  return out;
}

}  // namespace latchkey::api
