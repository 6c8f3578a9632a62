// Parsing of audit-event list requests (event_query.h).
#include "api/event_query.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "api/range.h"
#include "http/form.h"

namespace latchkey::api {
namespace {

constexpr std::size_t kMaxActionPrefix = 64;
constexpr std::size_t kMaxAccount = 320;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Exactly `n` ASCII digits at `at`.
std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
  if (at + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::optional<std::int64_t> parse_seq(std::string_view s) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

Error bad_range(std::string message) { return Error(ErrorCode::kRangeNotSatisfiable, std::move(message)); }

bool printable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

// The header without blanks, lower-cased: range.h parses `order` and `max`
// but cannot tell an explicit "order=asc" or "max=200" from their defaults.
std::string compact(std::string_view header) {
  std::string out;
  for (unsigned char c : header)
    if (!std::isspace(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

Status apply_range(std::optional<std::string_view> header, store::AuditQuery& q) {
  auto range = parse_range(header, {"seq"});
  if (!range) return fail(range.error());
  const std::string given = header ? compact(*header) : std::string();
  q.limit = given.find("max=") != std::string::npos ? range->max : kDefaultEventPage;
  q.oldest_first = given.find("order=asc") != std::string::npos;
  const std::optional<std::int64_t> start = parse_seq(range->start);
  const std::optional<std::int64_t> end = parse_seq(range->end);
  if ((!range->start.empty() && !start) || (!range->end.empty() && !end))
    return fail(bad_range("Range bounds on seq must be event sequence numbers."));
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  bool nothing = false;  // a bound no seq (>= 1) can satisfy
  // before_seq: seq < before_seq (0 = unbounded); after_seq: seq > after_seq.
  auto upper = [&](std::int64_t v, bool exclusive) {
    const std::int64_t before = exclusive ? v : (v == kMax ? kMax : v + 1);
    if (before <= 1) nothing = true;
    else q.before_seq = before;
  };
  auto lower = [&](std::int64_t v, bool exclusive) {
    q.after_seq = exclusive ? v : std::max<std::int64_t>(v - 1, 0);
  };
  if (q.oldest_first) {
    if (start) lower(*start, range->start_exclusive);
    if (end) upper(*end, range->end_exclusive);
  } else {
    if (start) upper(*start, range->start_exclusive);
    if (end) lower(*end, range->end_exclusive);
  }
  if (nothing) q.after_seq = kMax;
  return {};
}

}  // namespace

std::optional<UnixTime> parse_utc_time(std::string_view s) {
  if (s.size() > 40) return std::nullopt;
  auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!y || !mo || !d || s[4] != '-' || s[7] != '-') return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*y < 1970 || *mo < 1 || *mo > 12 || *d < 1 ||
      *d > kDays[*mo - 1] + (*mo == 2 && leap(*y) ? 1 : 0))
    return std::nullopt;
  std::int64_t t = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86'400;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  auto h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (!h || !mi || !sec || s[13] != ':' || s[16] != ':' || *h > 23 || *mi > 59 || *sec > 60)
    return std::nullopt;
  t += *h * 3600 + *mi * 60 + *sec;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == from) return std::nullopt;
  }
  const std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == "z" || zone == "+00:00" || zone == "-00:00") return t;
  return std::nullopt;
}

Result<EventRequest> parse_event_request(std::string_view query_string,
                                         std::optional<std::string_view> range_header) {
  auto form = http::Form::parse(query_string);
  if (!form) return fail(invalid_params("The query string is malformed."));
  EventRequest out;
  for (const auto& [name, value] : form->pairs()) {
    if (form->repeated(name)) return fail(invalid_params(name + " is given more than once."));
    if (name == "since" || name == "until") {
      auto t = parse_utc_time(value);
      if (!t) return fail(invalid_params(name + " must be a UTC time like 2026-01-02T03:04:05Z or a date."));
      (name == "since" ? out.query.since : out.query.until) = *t == 0 ? 1 : *t;
    } else if (name == "action") {
      if (value.size() > kMaxActionPrefix || !printable(value))
        return fail(invalid_params("action must be an event name or its prefix, e.g. mfa."));
      out.query.action_prefix = value;
    } else if (name == "account") {
      if (value.size() > kMaxAccount || !printable(value))
        return fail(invalid_params("account must be an email address or an account id."));
      out.account = value;
    } else {
      return fail(invalid_params("Unknown parameter '" + name + "'. Known: since, until, action, account."));
    }
  }
  if (auto ok = apply_range(range_header, out.query); !ok) return fail(ok.error());
  return out;
}

EventRangeHeaders event_range_headers(const store::AuditQuery& q, bool has_events,
                                      std::int64_t first_seq, std::int64_t last_seq, bool more) {
  EventRangeHeaders h;
  if (!has_events) return h;
  h.content_range = "seq " + std::to_string(first_seq) + ".." + std::to_string(last_seq);
  if (more) {
    std::string next = "seq ]" + std::to_string(last_seq) + "..";
    // Keep the far bound the client gave, so a bounded walk stays bounded.
    if (q.oldest_first ? q.before_seq != 0 : q.after_seq != 0)
      next += std::to_string(q.oldest_first ? q.before_seq : q.after_seq) + "[";
    next += "; max=" + std::to_string(q.limit);
    if (q.oldest_first) next += ", order=asc";
    h.next_range = std::move(next);
  }
  return h;
}

}  // namespace latchkey::api
