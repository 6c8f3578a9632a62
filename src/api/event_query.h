// Audit-event reads over HTTP (docs/audit.md): the query string
// (since, until, action, account) and the Range header of GET /account/events,
// /teams/{team}/events and /admin/events become a store::AuditQuery, and a
// page of results becomes Content-Range / Next-Range.
//
// Ranges are keyset ranges on the event's `seq` (reference/heroku-cli-compat.md
// D.3 grammar, parsed by api/range.h): newest first unless `order=asc`.
//   Range: seq ..; max=50                    the newest 50
//   Next-Range: seq ]1234..; max=50          the 50 before seq 1234
//   Range: seq ..; max=50, order=asc         the oldest 50; Next-Range: seq ]N..; …, order=asc
// Bounds must be decimal seq numbers (416 otherwise). In the listing order the
// first bound is where the page starts and the second where it may end.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::api {

inline constexpr int kDefaultEventPage = 50;

// "2026-01-02", "2026-01-02T03:04:05Z" (or "+00:00", or fractional seconds,
// which are dropped) as seconds since the epoch; nullopt for anything else.
std::optional<UnixTime> parse_utc_time(std::string_view s);

struct EventRequest {
  store::AuditQuery query;  // filters, bounds, order and limit
  std::string account;      // ?account= (operators only; the caller checks)
};

// kInvalidParams (400) for a malformed query string or time;
// kRangeNotSatisfiable (416) for a malformed Range.
Result<EventRequest> parse_event_request(std::string_view query_string,
                                         std::optional<std::string_view> range_header);

struct EventRangeHeaders {
  std::optional<std::string> content_range;  // "seq <first>..<last>" when the page has events
  std::optional<std::string> next_range;     // only when `more`
};
// `first_seq`/`last_seq`: the page's first and last events in listing order.
EventRangeHeaders event_range_headers(const store::AuditQuery& q, bool has_events,
                                      std::int64_t first_seq, std::int64_t last_seq, bool more);

}  // namespace latchkey::api
