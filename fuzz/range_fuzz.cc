// Range header parser and paginator on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json.hpp>

#include "api/range.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string header(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string> fields = {"id", "created_at", "name"};
  auto range = latchkey::api::parse_range(header, fields);
  if (!range) return 0;
  if (range->max < 1 || range->max > latchkey::api::kMaxPageSize) __builtin_trap();
  std::vector<boost::json::object> items;
  for (int i = 0; i < 20; ++i)
    items.push_back(boost::json::object{{"id", std::to_string(i * 7 % 20)}, {"name", header.substr(0, i)}});
  auto page = latchkey::api::paginate(std::move(items), *range);
  if (static_cast<int>(page.items.size()) > range->max) __builtin_trap();
  // Following Next-Range must always make progress and terminate.
  if (page.next_range) {
    auto next = latchkey::api::parse_range(*page.next_range, fields);
    if (!next) __builtin_trap();
    // ...and resume strictly after the last item shown, whatever bytes its key holds.
    const auto* last = page.items.back().as_object().if_contains(range->field);
    const std::string key = last && last->is_string() ? std::string(last->as_string()) : "";
    if (next->start != key) __builtin_trap();
    if (!next->start_exclusive || next->max != range->max) __builtin_trap();
  }
  return 0;
}
