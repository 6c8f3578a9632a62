#include "cli/output.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

namespace latchkey::cli {
namespace {

namespace json = boost::json;

// Recursive on purpose: the depth is bounded by boost::json's parser (32 levels).
void write_pretty(std::string& out, const json::value& v, int depth) {  // NOLINT(misc-no-recursion)
  auto indent = [&](int d) { out.append(static_cast<std::size_t>(d) * 2, ' '); };
  if (v.is_object()) {
    const json::object& o = v.get_object();
    if (o.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    std::size_t i = 0;
    for (const auto& kv : o) {
      indent(depth + 1);
      out += json::serialize(json::string(kv.key()));
      out += ": ";
      write_pretty(out, kv.value(), depth + 1);
      out += ++i < o.size() ? ",\n" : "\n";
    }
    indent(depth);
    out += "}";
  } else if (v.is_array()) {
    const json::array& a = v.get_array();
    if (a.empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < a.size(); ++i) {
      indent(depth + 1);
      write_pretty(out, a[i], depth + 1);
      out += i + 1 < a.size() ? ",\n" : "\n";
    }
    indent(depth);
    out += "]";
  } else {
    out += json::serialize(v);
  }
}

// Display width approximated by code points (continuation bytes don't count).
std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void pad(std::ostream& out, std::string_view s, std::size_t width) {
  out << s;
  for (std::size_t w = display_width(s); w < width; ++w) out << ' ';
}

const json::value* at_path(const json::value& v, std::initializer_list<std::string_view> path) {
  const json::value* cur = &v;
  for (std::string_view key : path) {
    if (!cur->is_object()) return nullptr;
    cur = cur->get_object().if_contains(key);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

}  // namespace

std::string pretty_json(const json::value& v) {
  std::string out;
  write_pretty(out, v, 0);
  return out;
}

void print_json(std::ostream& out, const json::value& v) { out << pretty_json(v) << '\n'; }

void print_table(std::ostream& out, const std::vector<std::string>& headers,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  widths.reserve(headers.size());
  for (const std::string& h : headers) widths.push_back(display_width(h));
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string_view cell = i < cells.size() ? std::string_view(cells[i]) : std::string_view();
      if (i + 1 < widths.size()) {
        pad(out, cell, widths[i]);
        out << ' ';
      } else {
        out << cell;
      }
    }
    out << '\n';
  };
  line(headers);
  for (std::size_t i = 0; i < widths.size(); ++i) {
    for (std::size_t w = 0; w < widths[i]; ++w) out << "\u2500";
    out << (i + 1 < widths.size() ? " " : "\n");
  }
  for (const auto& row : rows) line(row);
}

void print_fields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t width = 0;
  for (const auto& [key, value] : fields) width = std::max(width, display_width(key) + 1);
  for (const auto& [key, value] : fields) {
    pad(out, key + ":", width + 1);
    out << value << '\n';
  }
}

void print_failure(std::ostream& err, const Failure& failure) {
  err << "Error: " << failure.message << '\n';
  if (!failure.id.empty()) err << "Error ID: " << failure.id << '\n';
}

std::string json_string(const json::value& v, std::initializer_list<std::string_view> path) {
  const json::value* p = at_path(v, path);
  return (p != nullptr && p->is_string()) ? std::string(p->get_string()) : std::string();
}

std::optional<std::int64_t> json_int(const json::value& v, std::initializer_list<std::string_view> path) {
  const json::value* p = at_path(v, path);
  if (p == nullptr) return std::nullopt;
  if (p->is_int64()) return p->get_int64();
  if (p->is_uint64() && p->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(p->get_uint64());
  }
  if (p->is_double()) return static_cast<std::int64_t>(p->get_double());
  return std::nullopt;
}

bool json_has_object(const json::value& v, std::string_view key) {
  const json::value* p = at_path(v, {key});
  return p != nullptr && p->is_object();
}

void sort_by_field(json::array& items, std::string_view key) {
  std::stable_sort(items.begin(), items.end(), [&](const json::value& a, const json::value& b) {
    return json_string(a, {key}) < json_string(b, {key});
  });
}

std::string describe_expiry(UnixTime now, std::int64_t seconds) {
  std::string when = format_time(now + seconds);
  std::int64_t days = seconds / 86400;
  std::int64_t hours = seconds / 3600;
  std::int64_t minutes = seconds / 60;
  std::string rel;
  if (seconds <= 0) {
    rel = "expired";
  } else if (days >= 1) {
    rel = "in " + std::to_string(days) + (days == 1 ? " day" : " days");
  } else if (hours >= 1) {
    rel = "in " + std::to_string(hours) + (hours == 1 ? " hour" : " hours");
  } else {
    rel = "in " + std::to_string(std::max<std::int64_t>(minutes, 1)) + (minutes <= 1 ? " minute" : " minutes");
  }
  return when + " (" + rel + ")";
}

}  // namespace latchkey::cli
