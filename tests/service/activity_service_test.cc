// What the dashboard's Sessions and Activity pages read, against a real SQLite
// store with a pinned clock: ActivityService pages (25 newest first, has_next,
// clamping, one account only), BrowserSessionService::timed_out (the sessions
// list leaves out what resolve() would refuse) and the "second_factor" detail
// of a sign-in finished with a second factor.
#include <gtest/gtest.h>

#include <atomic>

#include "../store/sqlite_test_support.h"
#include "service/activity.h"
#include "service/audit.h"
#include "service/browser_sessions.h"
#include "service/token_cache.h"

namespace latchkey::service {
namespace {

class FakeClock final : public Clock {
 public:
  UnixTime now() const override { return t.load(); }
  std::atomic<UnixTime> t{1'800'000'000};
};

class ActivityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    auto opened = store::open_sqlite_store({.path = dir_.file("activity.db")});
    ASSERT_TRUE(opened.has_value());
    store_ = std::move(*opened);
    sessions_config_.idle_timeout_s = 100;
    sessions_config_.absolute_timeout_s = 1000;
    activity_ = std::make_unique<ActivityService>(deps());
    browser_ = std::make_unique<BrowserSessionService>(deps(), sessions_config_);
    ada_ = account("ada@example.com");
    bob_ = account("bob@example.com");
  }

  Deps deps() { return Deps{*store_, clock_, random_, cache_}; }

  model::Account account(const std::string& email) {
    model::Account a;
    a.id = new_uuid(random_);
    a.email = email;
    a.password_hash = "x";
    a.created_at = a.updated_at = clock_.now();
    auto d = deps();
    EXPECT_TRUE(store_->accounts().create(a, audit_event(d, a.id, "account.created", {})).has_value());
    return a;
  }

  void record(const model::Account& a, const std::string& action) {
    auto d = deps();
    ASSERT_TRUE(store_->audit().append(audit_event(d, a.id, action, {})).has_value());
    clock_.t += 1;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  SodiumRandom random_;
  TokenCache cache_{16, 60};
  config::Sessions sessions_config_;
  std::unique_ptr<ActivityService> activity_;
  std::unique_ptr<BrowserSessionService> browser_;
  model::Account ada_;
  model::Account bob_;
};

TEST_F(ActivityServiceTest, PagesNewestFirstWithHasNext) {
  for (int i = 0; i < 29; ++i) record(ada_, "event." + std::to_string(i));  // + account.created = 30
  record(bob_, "bob.only");
  auto first = activity_->page(ada_, 1);
  ASSERT_TRUE(first.has_value());
  ASSERT_EQ(first->events.size(), 25u);
  EXPECT_EQ(first->events.front().action, "event.28");
  EXPECT_EQ(first->events.back().action, "event.4");
  EXPECT_TRUE(first->has_next);
  auto second = activity_->page(ada_, 2);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(second->events.size(), 5u);
  EXPECT_EQ(second->events.front().action, "event.3");
  EXPECT_EQ(second->events.back().action, "account.created");
  EXPECT_FALSE(second->has_next);
  for (const auto& e : second->events) EXPECT_EQ(e.account_id, ada_.id);
  auto beyond = activity_->page(ada_, 3);
  ASSERT_TRUE(beyond.has_value());
  EXPECT_TRUE(beyond->events.empty());
  EXPECT_FALSE(beyond->has_next);
}

TEST_F(ActivityServiceTest, ExactlyOnePageHasNoNext) {
  for (int i = 0; i < 24; ++i) record(ada_, "event");  // 25 with account.created
  auto only = activity_->page(ada_, 1);
  ASSERT_TRUE(only.has_value());
  EXPECT_EQ(only->events.size(), 25u);
  EXPECT_FALSE(only->has_next);
}

TEST_F(ActivityServiceTest, PageNumbersAreClamped) {
  auto low = activity_->page(ada_, -5);
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->page, 1);
  EXPECT_EQ(low->events.size(), 1u);
  auto high = activity_->page(ada_, 1'000'000);
  ASSERT_TRUE(high.has_value());
  EXPECT_EQ(high->page, kActivityMaxPages);
  EXPECT_FALSE(high->has_next);
}

TEST_F(ActivityServiceTest, TimedOutMatchesWhatResolveRefuses) {
  auto s = browser_->start(ada_, {});
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(browser_->timed_out(s->session));
  clock_.t += 99;
  EXPECT_FALSE(browser_->timed_out(s->session));
  clock_.t += 1;  // idle for idle_timeout_s
  EXPECT_TRUE(browser_->timed_out(s->session));
  EXPECT_FALSE(browser_->resolve(s->cookie.reveal()).has_value());

  model::Session cli;  // no last_seen_at: only its expiry counts
  cli.kind = "cli";
  EXPECT_FALSE(browser_->timed_out(cli));
  cli.expires_at = clock_.now();
  EXPECT_TRUE(browser_->timed_out(cli));
}

TEST_F(ActivityServiceTest, SignInWithSecondFactorIsMarkedInTheAuditDetail) {
  ada_.two_factor_enabled = true;
  auto s = browser_->start(ada_, {});
  ASSERT_TRUE(s.has_value());
  auto full = browser_->elevate(*s, {}, "session.started");
  ASSERT_TRUE(full.has_value());
  auto again = browser_->elevate(*full, {}, "session.reauthenticated");
  ASSERT_TRUE(again.has_value());
  auto page = activity_->page(ada_, 1);
  ASSERT_TRUE(page.has_value());
  ASSERT_GE(page->events.size(), 3u);
  EXPECT_EQ(page->events[0].action, "session.reauthenticated");
  EXPECT_EQ(page->events[0].detail, "{}");
  EXPECT_EQ(page->events[1].action, "session.started");
  EXPECT_EQ(page->events[1].detail, "{\"second_factor\":true}");
  EXPECT_EQ(page->events[2].action, "session.password_ok");
}

}  // namespace
}  // namespace latchkey::service
