// Presentation in the heroku CLI's style: tables with a ─ rule under the
// header, "Key: value" blocks, pretty-printed JSON for --json, and the
// "Error: … / Error ID: …" lines for failures. Also small JSON accessors the
// commands share.
// Thread safety: free functions over their arguments.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "cli/failure.h"
#include "core/clock.h"

namespace latchkey::cli {

// Two-space indented JSON (as JSON.stringify(v, null, 2)), no trailing newline.
std::string pretty_json(const boost::json::value& v);
void print_json(std::ostream& out, const boost::json::value& v);

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows);

// "Key:   value" lines with values aligned.
void print_fields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

void print_failure(std::ostream& err, const Failure& failure);

// The string at a path of object keys, or "" when absent / not a string.
std::string json_string(const boost::json::value& v, std::initializer_list<std::string_view> path);
std::optional<std::int64_t> json_int(const boost::json::value& v, std::initializer_list<std::string_view> path);
bool json_has_object(const boost::json::value& v, std::string_view key);

// Stable sort of an array of objects by a string field.
void sort_by_field(boost::json::array& items, std::string_view key);

// "2026-01-02T03:04:05Z (in 30 days)" for a point `seconds` from `now`.
std::string describe_expiry(UnixTime now, std::int64_t seconds);

}  // namespace latchkey::cli
