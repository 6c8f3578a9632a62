// The metrics registry's text rendering (Prometheus exposition format 0.0.4).
#include "core/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>
#include <vector>

namespace latchkey::metrics {
namespace {

TEST(Metrics, CountersRenderWithHelpTypeAndLabelsSortedByFamily) {
  Registry r;
  r.counter("b_total", "B things.", {{"outcome", "ok"}}).inc(3);
  r.counter("b_total", "B things.", {{"outcome", "bad"}}).inc();
  r.gauge("a_depth", "A depth.").set(2.5);
  EXPECT_EQ(r.render(),
            "# HELP a_depth A depth.\n"
            "# TYPE a_depth gauge\n"
            "a_depth 2.5\n"
            "# HELP b_total B things.\n"
            "# TYPE b_total counter\n"
            "b_total{outcome=\"bad\"} 1\n"
            "b_total{outcome=\"ok\"} 3\n");
}

TEST(Metrics, SameSeriesIsTheSameObject) {
  Registry r;
  Counter& a = r.counter("x_total", "X.", {{"k", "v"}});
  Counter& b = r.counter("x_total", "X.", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(r.gauge("x_total", "X."), std::logic_error);
  EXPECT_THROW(r.counter("x_total", "Other help."), std::logic_error);
  EXPECT_THROW(r.counter("bad name", "X."), std::logic_error);
  EXPECT_THROW(r.counter("y_total", "Y.", {{"le", "1"}}), std::logic_error);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry r;
  constexpr double kBounds[] = {0.25, 1};
  Histogram& h = r.histogram("d_seconds", "D.", kBounds, {{"route_class", "/x"}});
  h.observe(0.125);
  h.observe(0.25);  // le is inclusive
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(r.render(),
            "# HELP d_seconds D.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{route_class=\"/x\",le=\"0.25\"} 2\n"
            "d_seconds_bucket{route_class=\"/x\",le=\"1\"} 3\n"
            "d_seconds_bucket{route_class=\"/x\",le=\"+Inf\"} 4\n"
            "d_seconds_sum{route_class=\"/x\"} 7.875\n"
            "d_seconds_count{route_class=\"/x\"} 4\n");
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
  Registry r;
  r.counter("e_total", "Back\\slash\nnewline.", {{"v", "a\"b\\c\nd"}}).inc();
  EXPECT_EQ(r.render(),
            "# HELP e_total Back\\\\slash\\nnewline.\n"
            "# TYPE e_total counter\n"
            "e_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(Metrics, SampledSeriesAreReadAtScrape) {
  Registry r;
  double v = 1;
  r.sampled("q_depth", "Q.", Type::kGauge, [&v] { return v; });
  EXPECT_NE(r.render().find("q_depth 1\n"), std::string::npos);
  v = 42;
  EXPECT_NE(r.render().find("q_depth 42\n"), std::string::npos);
  EXPECT_THROW(r.gauge("q_depth", "Q."), std::logic_error);
}

TEST(Metrics, SpecialValues) {
  EXPECT_EQ(format_value(NAN), "NaN");
  EXPECT_EQ(format_value(INFINITY), "+Inf");
  EXPECT_EQ(format_value(-INFINITY), "-Inf");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(12345678), "12345678");
}

TEST(Metrics, ConcurrentIncrementsAreAllCounted) {
  Registry r;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&r] {
      for (int i = 0; i < 10000; ++i)
        r.counter("c_total", "C.", {{"t", std::to_string(i % 3)}}).inc();
    });
  for (auto& t : threads) t.join();
  const std::string out = r.render();
  EXPECT_NE(out.find("c_total{t=\"0\"} 13336\n"), std::string::npos) << out;
  EXPECT_NE(out.find("c_total{t=\"1\"} 13332\n"), std::string::npos) << out;
  EXPECT_NE(out.find("c_total{t=\"2\"} 13332\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace latchkey::metrics
