#include "api/range.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace latchkey::api {
namespace {

const std::vector<std::string> kFields = {"id", "name"};

std::vector<boost::json::object> items(int n) {
  std::vector<boost::json::object> out;
  for (int i = n - 1; i >= 0; --i) {
    char id[8];
    std::snprintf(id, sizeof id, "%03d", i);
    out.push_back({{"id", id}, {"name", std::string("n") + id}});
  }
  return out;
}

TEST(Range, AbsentHeaderIsDefault) {
  auto r = parse_range(std::nullopt, kFields);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->field, "id");
  EXPECT_EQ(r->max, kDefaultPageSize);
  EXPECT_FALSE(r->descending);
}

TEST(Range, ParsesHerokuForms) {
  auto a = parse_range("id ]abc..; max=10, order=desc", kFields);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->start, "abc");
  EXPECT_TRUE(a->start_exclusive);
  EXPECT_EQ(a->max, 10);
  EXPECT_TRUE(a->descending);
  auto b = parse_range("name ..; order=desc,max=1", kFields);  // what the CLI sends for releases
  ASSERT_TRUE(b);
  EXPECT_EQ(b->field, "name");
  EXPECT_EQ(b->max, 1);
  auto c = parse_range("id", kFields);
  ASSERT_TRUE(c);
  auto d = parse_range("id 001..005[", kFields);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->end, "005");
  EXPECT_TRUE(d->end_exclusive);
  EXPECT_EQ(parse_range("id ..; max=5000", kFields)->max, kMaxPageSize);
}

TEST(Range, RejectsBadInputWith416) {
  for (const char* bad : {"bogus ..", "id ..; max=0", "id ..; max=x", "id ..; order=up", "id abc",
                          "id ..; color=red", "id ..; max"}) {
    auto r = parse_range(bad, kFields);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kRangeNotSatisfiable) << bad;
  }
}

TEST(Range, PagesCoverEverythingOnceAndTheLastHasNoNextRange) {
  std::vector<std::string> seen;
  std::optional<std::string> header = "id ..; max=4";
  int pages = 0;
  while (header) {
    auto r = parse_range(*header, kFields);
    ASSERT_TRUE(r) << *header;
    Page p = paginate(items(10), *r);
    for (const auto& v : p.items) seen.emplace_back(v.as_object().at("id").as_string());
    header = p.next_range;
    ASSERT_LT(++pages, 10);
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(seen[i], (i < 10 ? "00" : "0") + std::to_string(i));
}

TEST(Range, ExactlyFullPageHasNoNextRange) {
  auto r = parse_range("id ..; max=5", kFields);
  Page p = paginate(items(5), *r);
  EXPECT_EQ(p.items.size(), 5u);
  EXPECT_FALSE(p.next_range);
}

TEST(Range, DescendingOrder) {
  auto r = parse_range("id ..; max=3, order=desc", kFields);
  Page p = paginate(items(10), *r);
  ASSERT_EQ(p.items.size(), 3u);
  EXPECT_EQ(p.items[0].as_object().at("id").as_string(), "009");
  ASSERT_TRUE(p.next_range);
  EXPECT_EQ(*p.next_range, "id ]007..; max=3, order=desc");
  Page q = paginate(items(10), *parse_range(*p.next_range, kFields));
  EXPECT_EQ(q.items[0].as_object().at("id").as_string(), "006");
}

TEST(Range, KeysWithGrammarBytesRoundTripThroughNextRange) {
  // Found by fuzz/range_fuzz.cc: a key holding "..", ";" or NUL broke Next-Range.
  std::vector<boost::json::object> rows;
  for (std::string key : {std::string("a..b; max=1"), std::string("b,c[]"), std::string("c\0%d e", 6)})
    rows.push_back(boost::json::object{{"id", key}});
  auto r = parse_range("id ..; max=1", kFields);
  Page p = paginate(rows, *r);
  ASSERT_TRUE(p.next_range);
  EXPECT_EQ(*p.next_range, "id ]a%2E%2Eb%3B%20max=1..; max=1");
  auto next = parse_range(*p.next_range, kFields);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->start, "a..b; max=1");
  Page q = paginate(rows, *next);
  ASSERT_EQ(q.items.size(), 1u);
  EXPECT_EQ(q.items[0].as_object().at("id").as_string(), "b,c[]");
  Page last = paginate(rows, *parse_range(*q.next_range, kFields));
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].as_object().at("id").as_string(), std::string("c\0%d e", 6));
  EXPECT_FALSE(last.next_range);
  EXPECT_FALSE(parse_range("id ]%zz..", kFields));
  EXPECT_FALSE(parse_range("id ]%4..", kFields));
}

}  // namespace
}  // namespace latchkey::api
