// Parsing of untrusted JSON request bodies (bounded depth; the transport has
// already bounded the size) and typed field access with Heroku-style errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/result.h"

namespace latchkey::api {

// An empty body is an empty object. Anything but a JSON object is kBadRequest.
Result<boost::json::object> parse_body(std::string_view body);

// Optional string field; wrong type → kInvalidParams naming the field.
Result<std::optional<std::string>> string_field(const boost::json::object& o, std::string_view key);
Result<std::optional<bool>> bool_field(const boost::json::object& o, std::string_view key);
Result<std::string> required_string(const boost::json::object& o, std::string_view key);
// Integer, numeric string (what `heroku authorizations:create -e` sends) or null.
Result<std::optional<long long>> integer_field(const boost::json::object& o, std::string_view key);
Result<std::optional<std::vector<std::string>>> string_list_field(const boost::json::object& o,
                                                                  std::string_view key);

}  // namespace latchkey::api
