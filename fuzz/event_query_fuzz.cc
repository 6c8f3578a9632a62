// Audit-event list requests on arbitrary bytes: the query string and the Range
// header of GET /account/events (api/event_query.h), and the UTC time parser.
// Input: "<query string>\n<range header>" (no newline: query string only).
#include <cstddef>
#include <cstdint>
#include <string>

#include "api/event_query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  (void)latchkey::api::parse_utc_time(input);
  const auto nl = input.find('\n');
  const std::string query = input.substr(0, nl);
  std::optional<std::string_view> range;
  std::string header;
  if (nl != std::string::npos) {
    header = input.substr(nl + 1);
    range = header;
  }
  auto req = latchkey::api::parse_event_request(query, range);
  if (!req) return 0;
  const auto& q = req->query;
  if (q.limit < 1 || q.limit > 1000 || q.before_seq < 0 || q.after_seq < 0) __builtin_trap();
  if (q.since < 0 || q.until < 0) __builtin_trap();
  // A page's Next-Range must parse again and resume strictly after its last seq.
  auto h = latchkey::api::event_range_headers(q, true, 50, 40, true);
  if (!h.next_range) __builtin_trap();
  auto next = latchkey::api::parse_event_request("", *h.next_range);
  if (!next || next->query.limit != q.limit || next->query.oldest_first != q.oldest_first) __builtin_trap();
  if (q.oldest_first ? next->query.after_seq != 40 : next->query.before_seq != 40) __builtin_trap();
  return 0;
}
