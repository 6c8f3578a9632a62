// App/team names and config var keys (service/app_names.h) on arbitrary bytes,
// checked against the documented patterns; and the releases list's Range
// (numeric `version` field, as `heroku config:set` asks for it).
#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>

#include <boost/json.hpp>

#include "api/range.h"
#include "service/app_names.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  static const std::regex name_re("[a-z][a-z0-9-]{1,28}[a-z0-9]");
  static const std::regex key_re("[A-Za-z0-9_]{1,256}");
  // std::regex recurses per character: only short inputs go through it (both
  // patterns are bounded well below 300 bytes anyway).
  const bool short_input = input.size() <= 300;
  if (latchkey::service::valid_app_name(input) != (short_input && std::regex_match(input, name_re)))
    __builtin_trap();
  if (latchkey::service::valid_config_key(input) != (short_input && std::regex_match(input, key_re)))
    __builtin_trap();

  static const std::vector<std::string> fields = {"version", "id"};
  auto range = latchkey::api::parse_range(input, fields);
  if (!range) return 0;
  std::vector<boost::json::object> items;
  for (int v = 1; v <= 30; ++v) items.push_back(boost::json::object{{"version", v}, {"id", std::to_string(v)}});
  auto page = latchkey::api::paginate(std::move(items), *range);
  if (static_cast<int>(page.items.size()) > range->max) __builtin_trap();
  if (page.next_range && !latchkey::api::parse_range(*page.next_range, fields)) __builtin_trap();
  return 0;
}
