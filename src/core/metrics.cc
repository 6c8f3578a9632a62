// The metrics registry and its Prometheus text rendering (format 0.0.4).
#include "core/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace latchkey::metrics {
namespace {

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; label names without ':'.
bool valid_name(std::string_view s, bool colon_ok) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                       (colon_ok && c == ':');
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string label_text(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!valid_name(k, false) || k.starts_with("__") || k == "le")
      throw std::logic_error("metrics: bad label name " + k);
    if (!out.empty()) out += ',';
    out += k;
    out += "=\"";
    out += escape_label_value(v);
    out += '"';
  }
  return out;
}

// HELP text escapes only backslash and newline.
std::string escape_help(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string_view type_name(Type t) {
  switch (t) {
    case Type::kCounter: return "counter";
    case Type::kGauge: return "gauge";
    case Type::kHistogram: return "histogram";
  }
  return "untyped";
}

void sample_line(std::string& out, std::string_view name, std::string_view labels, double v) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += format_value(v);
  out += '\n';
}

}  // namespace

struct Registry::Family {
  Type type;
  std::string help;
  struct Series {
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> read;
  };
  std::map<std::string, Series, std::less<>> series;  // by label text
};

std::string escape_label_value(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, p);
  }
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

Histogram::Histogram(std::span<const double> bounds)
    : bounds_(bounds.begin(), bounds.end()),
      buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()))
    throw std::logic_error("metrics: histogram bounds must ascend");
  for (std::size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0);
}

void Histogram::observe(double v) {
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);  // first bound >= v
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(total);
  }
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::family_locked(std::string_view name, std::string_view help, Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    if (!valid_name(name, true)) throw std::logic_error("metrics: bad metric name");
    auto f = std::make_unique<Family>();
    f->type = type;
    f->help = std::string(help);
    it = families_.emplace(std::string(name), std::move(f)).first;
  }
  if (it->second->type != type || it->second->help != help)
    throw std::logic_error("metrics: " + std::string(name) + " registered twice differently");
  return *it->second;
}

template <class T, class Make>
T& Registry::series(std::string_view name, std::string_view help, Type type, const Labels& labels,
                    Make make) {
  const std::string key = label_text(labels);
  auto get = [](Family::Series& s) -> T* {
    if constexpr (std::is_same_v<T, Counter>) return s.counter.get();
    else if constexpr (std::is_same_v<T, Gauge>) return s.gauge.get();
    else return s.histogram.get();
  };
  {
    std::shared_lock lock(mu_);
    if (auto f = families_.find(name); f != families_.end() && f->second->type == type)
      if (auto s = f->second->series.find(key); s != f->second->series.end())
        if (T* found = get(s->second)) return *found;
  }
  std::unique_lock lock(mu_);
  Family& f = family_locked(name, help, type);
  Family::Series& s = f.series[key];
  if (!get(s)) make(s);
  if (!get(s)) throw std::logic_error("metrics: " + std::string(name) + " is sampled");
  return *get(s);
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  return series<Counter>(name, help, Type::kCounter, labels, [](Family::Series& s) {
    if (!s.read) s.counter = std::make_unique<Counter>();
  });
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return series<Gauge>(name, help, Type::kGauge, labels, [](Family::Series& s) {
    if (!s.read) s.gauge = std::make_unique<Gauge>();
  });
}

Histogram& Registry::histogram(std::string_view name, std::string_view help,
                               std::span<const double> bounds, const Labels& labels) {
  return series<Histogram>(name, help, Type::kHistogram, labels, [bounds](Family::Series& s) {
    s.histogram = std::make_unique<Histogram>(bounds);
  });
}

void Registry::sampled(std::string_view name, std::string_view help, Type type,
                       std::function<double()> read, const Labels& labels) {
  if (type == Type::kHistogram) throw std::logic_error("metrics: a sampled histogram");
  const std::string key = label_text(labels);
  std::unique_lock lock(mu_);
  Family::Series& s = family_locked(name, help, type).series[key];
  if (s.counter || s.gauge) throw std::logic_error("metrics: " + std::string(name) + " is not sampled");
  s.read = std::move(read);
}

std::string Registry::render() const {
  std::string out;
  std::shared_lock lock(mu_);
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + escape_help(f->help) + "\n";
    out += "# TYPE " + name + " " + std::string(type_name(f->type)) + "\n";
    for (const auto& [labels, s] : f->series) {
      if (s.read) sample_line(out, name, labels, s.read());
      else if (s.counter) sample_line(out, name, labels, static_cast<double>(s.counter->value()));
      else if (s.gauge) sample_line(out, name, labels, s.gauge->value());
      else if (s.histogram) {
        const auto snap = s.histogram->snapshot();
        const auto bounds = s.histogram->bounds();
        const std::string sep = labels.empty() ? "" : labels + ",";
        for (std::size_t i = 0; i <= bounds.size(); ++i) {
          const std::string le = i < bounds.size() ? format_value(bounds[i]) : "+Inf";
          sample_line(out, name + "_bucket", sep + "le=\"" + le + "\"",
                      static_cast<double>(snap.cumulative[i]));
        }
        sample_line(out, name + "_sum", labels, snap.sum);
        sample_line(out, name + "_count", labels, static_cast<double>(snap.cumulative.back()));
      }
    }
  }
  return out;
}

}  // namespace latchkey::metrics
