// Conformance suite, part 2: sessions, throttles, one-time secrets, audit,
// ping, and the concurrency properties (R2).
#include <algorithm>
#include <atomic>
#include <barrier>
#include <thread>

#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {

// ---- sessions --------------------------------------------------------------

TEST_P(StoreConformance, SessionCreateWithAuthorizationBindsBoth) {
  model::Account owner = created_account("ann@example.com");
  model::Session s = session(owner);
  model::Authorization a = authorization(owner);  // session_id filled in by the store
  LK_ASSERT_OK(store().sessions().create_with_authorization(s, a, event(owner.id, "session.created")));

  auto got = store().sessions().find(owner.id, s.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->kind, "cli");
  EXPECT_EQ(got->description, s.description);
  EXPECT_EQ(got->created_at, s.created_at);
  EXPECT_EQ(got->updated_at, s.updated_at);
  EXPECT_EQ(got->expires_at, s.expires_at);
  EXPECT_EQ(got->created_ip, s.created_ip);
  EXPECT_EQ(got->user_agent, s.user_agent);
  auto authz = store().authorizations().find_by_token_hash(a.token_hash);
  LK_ASSERT_OK(authz);
  EXPECT_EQ(authz->session_id, s.id);
  auto audit = store().audit().list(owner.id, 1);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ(audit->front().action, "session.created");
}

TEST_P(StoreConformance, SessionCreateIsAtomic) {
  model::Account owner = created_account("ben@example.com");
  model::Authorization existing = created_authorization(owner);
  model::Session s = session(owner);
  model::Authorization clash = authorization(owner);
  clash.token_hash = existing.token_hash;
  EXPECT_EQ(outcome(store().sessions().create_with_authorization(s, clash, event(owner.id, "x"))),
            "conflict");
  EXPECT_EQ(outcome(store().sessions().find(owner.id, s.id)), "not_found:session");
}

TEST_P(StoreConformance, SessionFindAndListStayWithinTheAccount) {
  model::Account owner = created_account("cat@example.com");
  model::Account other = created_account("dan@example.com");
  model::Session late = session(owner, kT0 + 20);
  model::Session early = session(owner, kT0 + 10);
  LK_ASSERT_OK(store().sessions().create_with_authorization(late, authorization(owner), event(owner.id, "s")));
  LK_ASSERT_OK(store().sessions().create_with_authorization(early, authorization(owner), event(owner.id, "s")));
  EXPECT_EQ(outcome(store().sessions().find(other.id, late.id)), "not_found:session");
  EXPECT_EQ(outcome(store().sessions().find(owner.id, next_uuid())), "not_found:session");
  auto list = store().sessions().list(owner.id);
  LK_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, early.id);
  EXPECT_EQ((*list)[1].id, late.id);
  EXPECT_TRUE(store().sessions().list(other.id)->empty());
}

TEST_P(StoreConformance, SessionRemoveDeletesItsAuthorizationsAndReturnsTheirHashes) {
  model::Account owner = created_account("eve@example.com");
  model::Session s = session(owner);
  model::Authorization first = authorization(owner);
  LK_ASSERT_OK(store().sessions().create_with_authorization(s, first, event(owner.id, "session.created")));
  model::Authorization second = authorization(owner);  // a second token bound to the session
  second.session_id = s.id;
  LK_ASSERT_OK(store().authorizations().create(second, event(owner.id, "authorization.created")));
  model::Authorization unrelated = created_authorization(owner);

  auto removed = store().sessions().remove(owner.id, s.id, event(owner.id, "session.destroyed"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->session.id, s.id);
  std::vector<std::string> got = removed->token_hashes;
  std::sort(got.begin(), got.end());
  std::vector<std::string> want{first.token_hash, second.token_hash};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  EXPECT_EQ(outcome(store().sessions().find(owner.id, s.id)), "not_found:session");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(first.token_hash)), "not_found:authorization");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(second.token_hash)), "not_found:authorization");
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(unrelated.token_hash));
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "session.destroyed");
}

TEST_P(StoreConformance, SessionRemoveOfMissingOrForeignSessionIsNotFound) {
  model::Account owner = created_account("fay@example.com");
  model::Account other = created_account("gus@example.com");
  model::Session s = session(owner);
  model::Authorization a = authorization(owner);
  LK_ASSERT_OK(store().sessions().create_with_authorization(s, a, event(owner.id, "session.created")));
  EXPECT_EQ(outcome(store().sessions().remove(other.id, s.id, event(other.id, "x"))), "not_found:session");
  EXPECT_EQ(outcome(store().sessions().remove(owner.id, next_uuid(), event(owner.id, "x"))),
            "not_found:session");
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(a.token_hash));
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "session.created");
}

TEST_P(StoreConformance, AuthorizationBoundToUnknownSessionIsNotFound) {
  model::Account owner = created_account("hal@example.com");
  model::Authorization a = authorization(owner);
  a.session_id = next_uuid();
  EXPECT_EQ(outcome(store().authorizations().create(a, event(owner.id, "x"))), "not_found:session");
}

// ---- throttles -------------------------------------------------------------

TEST_P(StoreConformance, ThrottleUnknownKeyIsZeroState) {
  auto st = store().throttles().get("email:nobody@example.com");
  LK_ASSERT_OK(st);
  EXPECT_EQ(st->failures, 0);
  EXPECT_EQ(st->last_failure_at, 0);
  EXPECT_FALSE(st->locked);
}

TEST_P(StoreConformance, ThrottleCountsFailuresLocksAtThresholdAndResets) {
  const std::string key = "email:ida@example.com";
  for (int i = 1; i <= 4; ++i) {
    auto st = store().throttles().record_failure(key, kT0 + i, 3);
    LK_ASSERT_OK(st);
    EXPECT_EQ(st->failures, i);
    EXPECT_EQ(st->last_failure_at, kT0 + i);
    EXPECT_EQ(st->locked, i >= 3) << "after failure " << i;
  }
  auto now = store().throttles().get(key);
  EXPECT_EQ(now->failures, 4);
  EXPECT_TRUE(now->locked);
  EXPECT_EQ(store().throttles().get("ip:192.0.2.1")->failures, 0);  // keys are independent

  LK_ASSERT_OK(store().throttles().reset(key));
  EXPECT_EQ(store().throttles().get(key)->failures, 0);
  EXPECT_FALSE(store().throttles().get(key)->locked);
  LK_EXPECT_OK(store().throttles().reset(key));  // idempotent
  EXPECT_EQ(store().throttles().record_failure(key, kT0 + 9, 3)->failures, 1);
}

// ---- one-time secrets ------------------------------------------------------

TEST_P(StoreConformance, OneTimeSecretIsConsumedExactlyOnce) {
  model::OneTimeSecret s = secret("bootstrap", kT0 + 600);
  LK_ASSERT_OK(store().one_time_secrets().put(s));
  auto first = store().one_time_secrets().consume(s.hash, "bootstrap", kT0 + 1);
  LK_ASSERT_OK(first);
  EXPECT_EQ(first->hash, s.hash);
  EXPECT_EQ(first->purpose, s.purpose);
  EXPECT_EQ(first->subject, s.subject);
  EXPECT_EQ(first->created_at, s.created_at);
  EXPECT_EQ(first->expires_at, s.expires_at);
  EXPECT_EQ(outcome(store().one_time_secrets().consume(s.hash, "bootstrap", kT0 + 2)), "gone");
}

TEST_P(StoreConformance, OneTimeSecretExpiredIsGoneUnknownIsNotFound) {
  model::OneTimeSecret s = secret("bootstrap", kT0 + 60);
  LK_ASSERT_OK(store().one_time_secrets().put(s));
  EXPECT_EQ(outcome(store().one_time_secrets().consume(s.hash, "bootstrap", kT0 + 60)), "gone");
  EXPECT_EQ(outcome(store().one_time_secrets().consume(next_hash(), "bootstrap", kT0)),
            "not_found:one-time secret");
  model::OneTimeSecret t = secret("bootstrap", kT0 + 60);
  LK_ASSERT_OK(store().one_time_secrets().put(t));
  EXPECT_EQ(outcome(store().one_time_secrets().consume(t.hash, "password_reset", kT0)),
            "not_found:one-time secret");  // purpose is part of the key
  LK_EXPECT_OK(store().one_time_secrets().consume(t.hash, "bootstrap", kT0 + 59));
}

TEST_P(StoreConformance, OneTimeSecretDuplicatePutConflicts) {
  model::OneTimeSecret s = secret("bootstrap", kT0 + 600);
  LK_ASSERT_OK(store().one_time_secrets().put(s));
  EXPECT_EQ(outcome(store().one_time_secrets().put(s)), "conflict");
}

// ---- audit, ping -----------------------------------------------------------

TEST_P(StoreConformance, AuditListIsNewestFirstLimitedAndPerAccount) {
  const std::string acct = next_uuid();
  LK_ASSERT_OK(store().audit().append(event(acct, "a", kT0 + 1)));
  LK_ASSERT_OK(store().audit().append(event(acct, "c", kT0 + 3)));
  LK_ASSERT_OK(store().audit().append(event(acct, "b", kT0 + 2)));
  LK_ASSERT_OK(store().audit().append(event(acct, "d", kT0 + 3)));  // same second as "c", later
  LK_ASSERT_OK(store().audit().append(event(next_uuid(), "other", kT0 + 9)));
  LK_ASSERT_OK(store().audit().append(event("", "login.failed", kT0 + 9)));  // no account

  auto all = store().audit().list(acct, 10);
  LK_ASSERT_OK(all);
  std::vector<std::string> got;
  for (const auto& e : *all) got.push_back(e.action);
  EXPECT_EQ(got, (std::vector<std::string>{"d", "c", "b", "a"}));
  EXPECT_EQ(all->front().account_id, acct);
  EXPECT_EQ(all->front().detail, R"({"k":"v"})");
  EXPECT_EQ(all->front().ip, "192.0.2.1");
  EXPECT_EQ(all->front().created_at, kT0 + 3);
  EXPECT_EQ(store().audit().list(acct, 2)->size(), 2u);
  EXPECT_EQ(store().audit().list(acct, 2)->back().action, "c");
  EXPECT_TRUE(store().audit().list(acct, 0)->empty());
  EXPECT_EQ(store().audit().list("", 10)->size(), 1u);
}

TEST_P(StoreConformance, AuditDuplicateIdConflicts) {
  model::AuditEvent e = event(next_uuid(), "a");
  LK_ASSERT_OK(store().audit().append(e));
  EXPECT_EQ(outcome(store().audit().append(e)), "conflict");
}

TEST_P(StoreConformance, PingSucceedsOnAHealthyStore) { LK_EXPECT_OK(store().ping()); }

// ---- concurrency (R2) ------------------------------------------------------

TEST_P(StoreConformance, ConcurrentConsumesOfOneSecretHaveExactlyOneWinner) {
  constexpr int kThreads = 20;
  for (int round = 0; round < 5; ++round) {
    model::OneTimeSecret s = secret("bootstrap", kT0 + 600);
    LK_ASSERT_OK(store().one_time_secrets().put(s));
    std::barrier start(kThreads);
    std::atomic<int> wins{0}, gone{0}, other{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        auto r = store().one_time_secrets().consume(s.hash, "bootstrap", kT0 + 1);
        if (r) ++wins;
        else if (r.error().code == ErrorCode::kGone) ++gone;
        else ++other;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(gone.load(), kThreads - 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
  }
}

TEST_P(StoreConformance, ConcurrentAuthorizationCreatesAreAllDurableAndReadable) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  model::Account owner = created_account("jay@example.com");
  std::vector<std::vector<model::Authorization>> made(kThreads);
  for (auto& v : made) {
    for (int i = 0; i < kPerThread; ++i) v.push_back(authorization(owner, kT0 + i));
  }
  std::barrier start(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (const auto& a : made[t]) {
        model::AuditEvent ev;
        ev.account_id = owner.id;
        ev.action = "authorization.created";
        ev.detail = "{}";
        ev.created_at = a.created_at;
        ev.id = a.access_token_id;  // unique, prepared up front (builders aren't thread-safe)
        if (!store().authorizations().create(a, ev)) ++failures;
        // Read-your-write from this thread, through whichever connection serves reads.
        if (!store().authorizations().find_by_token_hash(a.token_hash)) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto list = store().authorizations().list(owner.id);
  LK_ASSERT_OK(list);
  EXPECT_EQ(list->size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(store().audit().list(owner.id, 1000)->size(),
            static_cast<std::size_t>(kThreads * kPerThread + 1));
}

TEST_P(StoreConformance, ConcurrentThrottleFailuresLoseNoIncrement) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::barrier start(kThreads);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        if (!store().throttles().record_failure("ip:198.51.100.1", kT0, 1000)) ++errors;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(store().throttles().get("ip:198.51.100.1")->failures, kThreads * kPerThread);
}

}  // namespace latchkey::store::testing
