// The alert dispatcher against a real SQLite store, a pinned clock and a
// recording sender: the cursor starts at the newest event (no alerts for the
// past), a matching event becomes a signed webhook and an e-mail, failures are
// retried on the back-off schedule and given up after max_attempts, a restart
// neither loses nor repeats an alert, new sign-ins are told apart from known
// ones, and the expiry scan writes its event once per authorization.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "../store/sqlite_test_support.h"
#include "alerts/dispatcher.h"
#include "alerts/signature.h"
#include "service/audit.h"
#include "service/token_cache.h"

namespace latchkey::alerts {
namespace {

class FakeClock final : public Clock {
 public:
  UnixTime now() const override { return t.load(); }
  std::atomic<UnixTime> t{1'800'000'000};
};

// Deterministic randomness: uuids stay unique, jitter is always 0.5.
class CountingRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = static_cast<std::uint8_t>(n++);
  }
  std::uint8_t n = 0;
};

struct Sent {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

class RecordingSender final : public Sender {
 public:
  SendResult post(const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body) override {
    if (gate > 0) {  // holds each post until `gate` posts are in flight together
      std::unique_lock lock(mu);
      ++waiting;
      cv.notify_all();
      if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return waiting >= gate; }))
        return {SendResult::Outcome::kRetry, "timeout: the posts were not sent side by side"};
    }
    std::lock_guard lock(mu);
    posts.push_back({url, headers, body});
    if (!script.empty()) {
      auto r = script.front();
      script.erase(script.begin());
      return r;
    }
    return {SendResult::Outcome::kDelivered, {}};
  }
  SendResult mail(const SmtpSettings&, const std::string& to, const std::string& message) override {
    std::lock_guard lock(mu);
    mails.push_back({to, {}, message});
    return {SendResult::Outcome::kDelivered, {}};
  }
  std::vector<SendResult> script;  // answers of the next posts (then: delivered)
  int gate = 0;
  int waiting = 0;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Sent> posts;
  std::vector<Sent> mails;
};

std::string header(const Sent& s, std::string_view name) {
  for (const auto& [k, v] : s.headers)
    if (k == name) return v;
  return {};
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    auto opened = store::open_sqlite_store({.path = dir_.file("alerts.db")});
    ASSERT_TRUE(opened.has_value());
    store_ = std::move(*opened);
    config_.webhook_url = "http://127.0.0.1:9/hook";
    config_.webhook_secret = "whsec";
    config_.smtp_url = "smtp://127.0.0.1:25";
    config_.smtp_from = "alerts@example.com";
    config_.max_attempts = 3;
    config_.retry_base_ms = 1000;
    ada_ = account("ada@example.com");
  }

  service::Deps deps() { return {*store_, clock_, random_, cache_}; }

  model::Account account(const std::string& email) {
    model::Account a;
    a.id = new_uuid(random_);
    a.email = email;
    a.password_hash = "x";
    a.created_at = a.updated_at = clock_.now();
    auto d = deps();
    EXPECT_TRUE(store_->accounts().create(a, service::audit_event(d, a.id, "account.created", {})));
    return a;
  }

  void record(const std::string& action, const std::string& ip = "", const std::string& ua = "") {
    auto d = deps();
    service::RequestInfo info;
    info.ip = ip;
    info.user_agent = ua;
    ASSERT_TRUE(store_->audit().append(service::audit_event(d, ada_.id, action, info)));
  }

  std::unique_ptr<Dispatcher> dispatcher() {
    auto d = std::make_unique<Dispatcher>(*store_, config_, clock_, random_, sender_, nullptr);
    EXPECT_TRUE(d->load_cursor());
    return d;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  CountingRandom random_;
  service::TokenCache cache_{0, 1};
  config::Alerts config_;
  RecordingSender sender_;
  model::Account ada_;
};

TEST_F(DispatcherTest, AlertsOnlyEventsAfterTheFirstStart) {
  record("mfa.disabled");  // before the dispatcher ever ran: history, not news
  auto d = dispatcher();
  ASSERT_TRUE(d->tail_once());
  ASSERT_TRUE(d->send_due_once());
  EXPECT_TRUE(sender_.posts.empty());

  record("mfa.disabled");
  ASSERT_EQ(d->tail_once().value(), 1);
  ASSERT_EQ(d->send_due_once().value(), 2);  // webhook + e-mail
  ASSERT_EQ(sender_.posts.size(), 1u);
  const Sent& hook = sender_.posts[0];
  EXPECT_EQ(hook.url, config_.webhook_url);
  EXPECT_NE(hook.body.find(R"("kind":"mfa_disabled")"), std::string::npos) << hook.body;
  EXPECT_NE(hook.body.find(R"("email":"ada@example.com")"), std::string::npos) << hook.body;
  EXPECT_TRUE(verify_webhook("whsec", header(hook, "Latchkey-Signature"), hook.body, clock_.now()));
  ASSERT_EQ(sender_.mails.size(), 1u);
  EXPECT_EQ(sender_.mails[0].url, "ada@example.com");
  EXPECT_NE(sender_.mails[0].body.find("Subject: [Latchkey] Two-factor authentication was turned off\r\n"),
            std::string::npos);
  EXPECT_EQ(d->send_due_once().value(), 0) << "delivered: not sent again";
}

TEST_F(DispatcherTest, RetriesWithBackOffThenDelivers) {
  config_.smtp_url.clear();
  auto d = dispatcher();
  sender_.script = {{SendResult::Outcome::kRetry, "HTTP 500"}, {SendResult::Outcome::kRetry, "HTTP 500"}};
  record("api_key.revealed");
  ASSERT_TRUE(d->tail_once());
  ASSERT_EQ(d->send_due_once().value(), 1);
  EXPECT_EQ(d->send_due_once().value(), 0) << "not due before its back-off";
  clock_.t += 1;  // 1000 ms · jitter 0.5 → 1 s
  ASSERT_EQ(d->send_due_once().value(), 1);
  clock_.t += 1;
  EXPECT_EQ(d->send_due_once().value(), 0) << "second back-off is 2 s";
  clock_.t += 1;
  ASSERT_EQ(d->send_due_once().value(), 1);
  EXPECT_EQ(sender_.posts.size(), 3u);
  auto last = store_->audit().last_seq();
  auto rows = store_->alerts().deliveries(*last);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].state, "delivered");
  EXPECT_EQ((*rows)[0].attempts, 3);
}

TEST_F(DispatcherTest, GivesUpAfterMaxAttemptsOrOnARefusal) {
  config_.smtp_url.clear();
  auto d = dispatcher();
  sender_.script = {{SendResult::Outcome::kGiveUp, "HTTP 404"}};
  record("api_key.regenerated");
  ASSERT_TRUE(d->tail_once());
  ASSERT_EQ(d->send_due_once().value(), 1);
  clock_.t += 10'000;
  EXPECT_EQ(d->send_due_once().value(), 0) << "a 4xx is final";

  sender_.script.assign(5, {SendResult::Outcome::kRetry, "timeout"});
  record("api_key.regenerated");
  ASSERT_TRUE(d->tail_once());
  for (int i = 0; i < 5; ++i) {
    (void)d->send_due_once();
    clock_.t += 3600;
  }
  EXPECT_EQ(sender_.posts.size(), 1u + 3u) << "max_attempts = 3";
}

TEST_F(DispatcherTest, ARestartNeitherLosesNorRepeatsAlerts) {
  config_.smtp_url.clear();
  {
    auto d = dispatcher();
    record("mfa.disabled");
    ASSERT_TRUE(d->tail_once());
    ASSERT_EQ(d->send_due_once().value(), 1);
    record("mfa.disabled");  // written while "down"
  }
  auto d = dispatcher();
  ASSERT_EQ(d->tail_once().value(), 1);
  ASSERT_EQ(d->send_due_once().value(), 1);
  EXPECT_EQ(sender_.posts.size(), 2u);
  EXPECT_EQ(d->tail_once().value(), 0);
  EXPECT_EQ(d->send_due_once().value(), 0);
}

TEST_F(DispatcherTest, NewSignInIsAnIpOrDeviceTheAccountHasNotUsed) {
  config_.smtp_url.clear();
  auto d = dispatcher();
  record("session.started", "198.51.100.1", "Firefox");  // first ever: nothing to compare with
  record("session.started", "198.51.100.1", "Firefox");  // known
  ASSERT_TRUE(d->tail_once());
  ASSERT_TRUE(d->send_due_once());
  EXPECT_TRUE(sender_.posts.empty());
  record("session.started", "198.51.100.1", "curl/8");  // new device
  record("session.started", "203.0.113.9", "Firefox");  // new IP
  record("session.started", "203.0.113.9", "curl/8");   // both known by now
  ASSERT_TRUE(d->tail_once());
  ASSERT_EQ(d->send_due_once().value(), 2);
  for (const auto& p : sender_.posts)
    EXPECT_NE(p.body.find(R"("kind":"new_sign_in")"), std::string::npos);
}

TEST_F(DispatcherTest, DisabledKindsAreNotSent) {
  config_.smtp_url.clear();
  config_.kinds = {"token_leaked"};
  auto d = dispatcher();
  record("mfa.disabled");
  ASSERT_TRUE(d->tail_once());
  EXPECT_EQ(d->send_due_once().value(), 0);
}

TEST_F(DispatcherTest, ExpiryScanWritesOneEventPerAuthorizationWhichThenAlerts) {
  config_.smtp_url.clear();
  config_.expiring_days = 7;
  auto d = dispatcher();
  model::Authorization soon;
  soon.id = new_uuid(random_);
  soon.account_id = ada_.id;
  soon.access_token_id = new_uuid(random_);
  soon.token_hash = std::string(64, 'a');
  soon.scope = {"global"};
  soon.created_at = soon.updated_at = clock_.now();
  soon.expires_at = clock_.now() + 3 * 86'400;
  model::Authorization later = soon;
  later.id = new_uuid(random_);
  later.access_token_id = new_uuid(random_);
  later.token_hash = std::string(64, 'b');
  later.expires_at = clock_.now() + 30 * 86'400;
  auto dd = deps();
  ASSERT_TRUE(store_->authorizations().create(soon, service::audit_event(dd, ada_.id, "authorization.created", {})));
  ASSERT_TRUE(store_->authorizations().create(later, service::audit_event(dd, ada_.id, "authorization.created", {})));
  EXPECT_EQ(d->scan_expiring_once().value(), 1);
  EXPECT_EQ(d->scan_expiring_once().value(), 0) << "the event is the marker";
  ASSERT_TRUE(d->tail_once());
  ASSERT_EQ(d->send_due_once().value(), 1);
  EXPECT_NE(sender_.posts[0].body.find(R"("kind":"authorization_expiring")"), std::string::npos);
  EXPECT_NE(sender_.posts[0].body.find(soon.id), std::string::npos);
}

// A receiver that hangs must not hold up the others: a batch's attempts run
// side by side. The sender lets each post through only once all five are in
// flight at the same time; sent one after another, every one would time out.
TEST_F(DispatcherTest, AttemptsOfABatchRunSideBySide) {
  config_.smtp_url.clear();
  auto d = dispatcher();
  for (int i = 0; i < 5; ++i) record("mfa.disabled");
  ASSERT_EQ(d->tail_once().value(), 5);
  sender_.gate = 5;
  ASSERT_EQ(d->send_due_once().value(), 5);
  EXPECT_EQ(sender_.posts.size(), 5U);
  EXPECT_EQ(d->send_due_once().value(), 0) << "all five delivered, none left to retry";
}

}  // namespace
}  // namespace latchkey::alerts
