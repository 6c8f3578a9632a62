// A small metrics registry rendered in the Prometheus text exposition format
// 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
//
// Counters, gauges and fixed-bucket histograms are lock-free atomics; the
// registry hands out references that stay valid for its lifetime, so hot paths
// look a series up once (or per request, under a shared lock) and then only
// touch atomics. Values that live elsewhere (queue lengths, open connections,
// process statistics) are registered as sampled series, read at each scrape.
//
// Label values must come from small fixed sets (route templates, outcomes,
// status codes), never from raw request data: every distinct label set is a
// series kept for the life of the process.
// Thread safety: every method may be called from any thread. Registering the
// same name with another type or help text is a programming error
// (std::logic_error).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void add(double d) { value_.fetch_add(d, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Fixed upper bounds (ascending, "le" in the output); an implicit +Inf bucket.
class Histogram {
 public:
  explicit Histogram(std::span<const double> bounds);
  void observe(double v);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
  };
  Snapshot snapshot() const;
  std::span<const double> bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
  std::atomic<double> sum_{0};
};

// Request latencies in seconds: 1 ms … 10 s.
inline constexpr double kLatencyBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                             0.1,   0.25,   0.5,   1,    2.5,   5,    10};

enum class Type { kCounter, kGauge, kHistogram };

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Finds or creates the series `name{labels}`. Labels render in the given order.
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help,
                       std::span<const double> bounds, const Labels& labels = {});
  // A series whose value is read by `read` at every scrape (kCounter or kGauge).
  // `read` runs on the scraping thread and must be thread-safe and cheap.
  void sampled(std::string_view name, std::string_view help, Type type,
               std::function<double()> read, const Labels& labels = {});

  // The whole registry in the text format, families sorted by name.
  std::string render() const;

 private:
  struct Family;
  Family& family_locked(std::string_view name, std::string_view help, Type type);
  template <class T, class Make>
  T& series(std::string_view name, std::string_view help, Type type, const Labels& labels,
            Make make);

  mutable std::shared_mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
};

// Text-format helpers (exposed for tests): a label value escaped (\\, \", \n),
// and a sample value ("+Inf", "-Inf", "NaN", shortest round-trip otherwise).
std::string escape_label_value(std::string_view v);
std::string format_value(double v);

}  // namespace latchkey::metrics
