#include "api/body.h"

#include <charconv>

#include <boost/json.hpp>

namespace latchkey::api {
namespace {

Error wrong_type(std::string_view key, std::string_view expected) {
  return invalid_params("Invalid " + std::string(key) + ": expected " + std::string(expected) + ".");
}

}  // namespace

Result<boost::json::object> parse_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return boost::json::object();
  boost::json::parse_options opts;
  opts.max_depth = 16;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec, {}, opts);
  if (ec) return fail(Error(ErrorCode::kBadRequest, "Request body is not valid JSON."));
  if (!v.is_object()) return fail(Error(ErrorCode::kBadRequest, "Request body must be a JSON object."));
  return std::move(v.as_object());
}

Result<std::optional<std::string>> string_field(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>();
  if (!it->value().is_string()) return fail(wrong_type(key, "a string"));
  return std::optional<std::string>(std::string(it->value().as_string()));
}

Result<std::optional<bool>> bool_field(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<bool>();
  if (!it->value().is_bool()) return fail(wrong_type(key, "true or false"));
  return std::optional<bool>(it->value().as_bool());
}

Result<std::string> required_string(const boost::json::object& o, std::string_view key) {
  auto v = string_field(o, key);
  if (!v) return fail(v.error());
  std::optional<std::string> value = std::move(*v);
  if (!value || value->empty()) return fail(invalid_params("Missing required parameter: " + std::string(key) + "."));
  return std::move(*value);
}

Result<std::optional<long long>> integer_field(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<long long>();
  const auto& v = it->value();
  if (v.is_int64()) return std::optional<long long>(v.as_int64());
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<long long>(static_cast<long long>(v.as_uint64()));
  if (v.is_double()) {
    const double d = v.as_double();
    if (d == static_cast<double>(static_cast<long long>(d)) && d > -9e18 && d < 9e18)
      return std::optional<long long>(static_cast<long long>(d));
  }
  if (v.is_string()) {
    std::string_view s = v.as_string();
    long long out = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return std::optional<long long>(out);
  }
  return fail(wrong_type(key, "an integer number of seconds"));
}

Result<std::optional<std::vector<std::string>>> string_list_field(const boost::json::object& o,
                                                                  std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::vector<std::string>>();
  if (!it->value().is_array()) return fail(wrong_type(key, "an array of strings"));
  std::vector<std::string> out;
  for (const auto& e : it->value().as_array()) {
    if (!e.is_string()) return fail(wrong_type(key, "an array of strings"));
    out.emplace_back(e.as_string());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace latchkey::api
