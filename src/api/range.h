// Heroku list ranges (reference/heroku-cli-compat.md D.3):
//   Range: <field> [<start>|]<start>]..[<end>|<end>[] [; max=<n>][, order=asc|desc]
// A ']' before the start means "strictly after", a '[' after the end "strictly
// before". Parameters may be separated by ';' or ',' in any order. The CLI echoes
// Next-Range verbatim. Default page 200, maximum 1000.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "core/result.h"

namespace latchkey::api {

inline constexpr int kDefaultPageSize = 200;
inline constexpr int kMaxPageSize = 1000;

struct Range {
  std::string field;
  std::string start;  // empty = unbounded
  bool start_exclusive = false;
  std::string end;    // empty = unbounded
  bool end_exclusive = false;
  int max = kDefaultPageSize;
  bool descending = false;
};

// kRangeNotSatisfiable (416) when malformed or the field is not in `fields`.
// An absent header yields the default range on fields.front().
Result<Range> parse_range(std::optional<std::string_view> header,
                          const std::vector<std::string>& fields);

struct Page {
  boost::json::array items;
  std::optional<std::string> next_range;   // set only when more items follow
  std::optional<std::string> content_range;
};

// Sorts `items` by the (string or number) value of range.field, applies the
// bounds, cuts to range.max.
Page paginate(std::vector<boost::json::object> items, const Range& range);

}  // namespace latchkey::api
