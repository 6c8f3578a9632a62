#include "api/range.h"

#include <algorithm>
#include <charconv>

#include <boost/json.hpp>

#include "core/text.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

Error bad_range(std::string message) {
  return Error(ErrorCode::kRangeNotSatisfiable, std::move(message));
}

std::string sort_key(const json::object& o, const std::string& field) {
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return {};
  if (it->value().is_string()) return std::string(it->value().as_string());
  return json::serialize(it->value());
}

// Bound values are echoed in Next-Range/Content-Range. Bytes that the grammar
// uses ('..', ';', ',', '[', ']', whitespace) or that a header may not carry are
// percent-encoded there, and parse_range decodes them, so any sort key
// round-trips (ids and times never need it).
// Sort keys are ids, times and names, all short. Bounding them keeps any
// Next-Range we emit (each bound escaped to at most 3× its size) parseable.
constexpr std::size_t kMaxBound = 256;
constexpr std::size_t kMaxRangeHeader = 4096;

bool needs_escape(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '%' || c == '.' || c == ';' || c == ',' || c == '[' ||
         c == ']';
}

std::string escape_bound(std::string_view v) {
  return percent_encode(v, [](unsigned char c) { return !needs_escape(c); });
}

Result<std::string> unescape_bound(std::string_view v) {
  auto out = percent_decode(v, /*keep_malformed=*/false);
  if (!out) return fail(bad_range("Invalid percent-encoding in a Range bound."));
  return std::move(*out);
}

Status parse_param(std::string_view p, Range& r) {
  p = trim_blanks(p);
  if (p.empty()) return {};
  const auto eq = p.find('=');
  if (eq == std::string_view::npos) return fail(bad_range("Invalid Range parameter."));
  const auto key = trim_blanks(p.substr(0, eq));
  const auto value = trim_blanks(p.substr(eq + 1));
  if (key == "max") {
    int n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || ptr != value.data() + value.size() || n < 1)
      return fail(bad_range("Range max must be a positive integer."));
    r.max = std::min(n, kMaxPageSize);
  } else if (key == "order") {
    if (value == "asc") r.descending = false;
    else if (value == "desc") r.descending = true;
    else return fail(bad_range("Range order must be asc or desc."));
  } else {
    return fail(bad_range("Unknown Range parameter '" + std::string(key) + "'."));
  }
  return {};
}

}  // namespace

Result<Range> parse_range(std::optional<std::string_view> header,
                          const std::vector<std::string>& fields) {
  Range r;
  r.field = fields.front();
  if (!header) return r;
  std::string_view h = trim_blanks(*header);
  if (h.size() > kMaxRangeHeader) return fail(bad_range("Range header too long."));
  const auto sp = h.find_first_of(" ;,");
  const std::string_view field = h.substr(0, sp);
  if (std::find(fields.begin(), fields.end(), field) == fields.end())
    return fail(bad_range("Unsupported Range field '" + std::string(field) +
                          "'. Accepted: see the Accept-Ranges header."));
  r.field = std::string(field);
  std::string_view rest = sp == std::string_view::npos ? std::string_view() : h.substr(sp);
  rest = trim_blanks(rest);
  // The bounds, if present, come before the first ';' or ','.
  const auto params_at = rest.find_first_of(";,");
  std::string_view bounds = trim_blanks(rest.substr(0, params_at));
  std::string_view params = params_at == std::string_view::npos ? std::string_view() : rest.substr(params_at);
  if (!bounds.empty()) {
    const auto dots = bounds.find("..");
    if (dots == std::string_view::npos) return fail(bad_range("Range bounds must contain '..'."));
    std::string_view start = bounds.substr(0, dots), end = bounds.substr(dots + 2);
    if (!start.empty() && start.front() == ']') {
      r.start_exclusive = true;
      start.remove_prefix(1);
    }
    if (!end.empty() && end.back() == '[') {
      r.end_exclusive = true;
      end.remove_suffix(1);
    }
    auto s = unescape_bound(start);
    if (!s) return fail(s.error());
    auto e = unescape_bound(end);
    if (!e) return fail(e.error());
    if (s->size() > kMaxBound || e->size() > kMaxBound)
      return fail(bad_range("Range bounds are at most " + std::to_string(kMaxBound) + " bytes."));
    r.start = std::move(*s);
    r.end = std::move(*e);
  }
  while (!params.empty()) {
    params.remove_prefix(1);  // the separator
    const auto next = params.find_first_of(";,");
    if (auto ok = parse_param(params.substr(0, next), r); !ok) return fail(ok.error());
    params = next == std::string_view::npos ? std::string_view() : params.substr(next);
  }
  return r;
}

Page paginate(std::vector<json::object> items, const Range& range) {
  std::vector<std::pair<std::string, json::object>> keyed;
  keyed.reserve(items.size());
  for (auto& o : items) keyed.emplace_back(sort_key(o, range.field), std::move(o));
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return range.descending ? a.first > b.first : a.first < b.first;
  });
  // In descending order the "start" bound is the upper one.
  auto after_start = [&](const std::string& k) {
    if (range.start.empty()) return true;
    if (range.descending) return range.start_exclusive ? k < range.start : k <= range.start;
    return range.start_exclusive ? k > range.start : k >= range.start;
  };
  auto before_end = [&](const std::string& k) {
    if (range.end.empty()) return true;
    if (range.descending) return range.end_exclusive ? k > range.end : k >= range.end;
    return range.end_exclusive ? k < range.end : k <= range.end;
  };
  Page page;
  std::string first, last;
  bool more = false;
  for (auto& [k, o] : keyed) {
    if (!after_start(k) || !before_end(k)) continue;
    if (static_cast<int>(page.items.size()) == range.max) {
      more = true;
      break;
    }
    if (page.items.empty()) first = k;
    last = k;
    page.items.emplace_back(std::move(o));
  }
  if (!page.items.empty())
    page.content_range = range.field + " " + escape_bound(first) + ".." + escape_bound(last);
  if (more) {
    std::string next = range.field + " ]" + escape_bound(last) + ".." + escape_bound(range.end) +
                       (range.end_exclusive ? "[" : "") + "; max=" + std::to_string(range.max);
    if (range.descending) next += ", order=desc";
    page.next_range = std::move(next);
  }
  return page;
}

}  // namespace latchkey::api
