// Conformance suite, part 3: second factors (MfaStore) — enrolment, activation,
// single-use TOTP steps and recovery codes (also under concurrency, R2), removal.
#include <atomic>
#include <barrier>
#include <thread>

#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {
namespace {

const std::vector<std::string> kCodes = {"c1", "c2", "c3"};

}  // namespace

TEST_P(StoreConformance, MfaUnknownAccountHasNoFactorAndNoCodes) {
  model::Account owner = created_account("mia@example.com");
  EXPECT_EQ(outcome(store().mfa().find_totp(owner.id)), "not_found:totp factor");
  auto codes = store().mfa().recovery_codes(owner.id);
  LK_ASSERT_OK(codes);
  EXPECT_EQ(codes->total, 0);
  EXPECT_EQ(codes->remaining, 0);
  EXPECT_FALSE(codes->created_at);
}

TEST_P(StoreConformance, MfaPendingEnrolmentChangesNothingUntilActivated) {
  model::Account owner = created_account("ned@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "sealed-1", kT0));
  auto f = store().mfa().find_totp(owner.id);
  LK_ASSERT_OK(f);
  EXPECT_FALSE(f->active());
  EXPECT_EQ(f->pending_sealed, "sealed-1");
  EXPECT_EQ(f->pending_created_at, kT0);
  EXPECT_FALSE(store().accounts().find_by_id(owner.id)->two_factor_enabled);
  // A step cannot be used without an active factor.
  EXPECT_EQ(outcome(store().mfa().use_step(owner.id, 5)), "gone");

  LK_ASSERT_OK(store().mfa().activate(owner.id, "sealed-1", 100, kCodes, kT0 + 5,
                                      event(owner.id, "mfa.enabled")));
  f = store().mfa().find_totp(owner.id);
  LK_ASSERT_OK(f);
  EXPECT_EQ(f->secret_sealed, "sealed-1");
  EXPECT_FALSE(f->pending());
  EXPECT_EQ(f->last_used_step, 100);
  EXPECT_EQ(f->confirmed_at, kT0 + 5);
  auto account = store().accounts().find_by_id(owner.id);
  EXPECT_TRUE(account->two_factor_enabled);
  EXPECT_EQ(account->updated_at, kT0 + 5);
  auto codes = store().mfa().recovery_codes(owner.id);
  EXPECT_EQ(codes->total, 3);
  EXPECT_EQ(codes->remaining, 3);
  EXPECT_EQ(codes->created_at, kT0 + 5);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "mfa.enabled");
}

TEST_P(StoreConformance, MfaActivateNeedsTheSecretThatIsPending) {
  model::Account owner = created_account("oli@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "old", kT0));
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "new", kT0 + 1));  // restarted
  EXPECT_EQ(outcome(store().mfa().activate(owner.id, "old", 1, kCodes, kT0, event(owner.id, "x"))),
            "conflict");
  EXPECT_FALSE(store().accounts().find_by_id(owner.id)->two_factor_enabled);
  EXPECT_EQ(store().mfa().recovery_codes(owner.id)->total, 0);
  LK_ASSERT_OK(store().mfa().activate(owner.id, "new", 1, kCodes, kT0, event(owner.id, "x")));
  // Activated once: the same secret is no longer pending.
  EXPECT_EQ(outcome(store().mfa().activate(owner.id, "new", 2, kCodes, kT0, event(owner.id, "x"))),
            "conflict");
}

TEST_P(StoreConformance, MfaReEnrolmentKeepsTheActiveFactorUntilConfirmed) {
  model::Account owner = created_account("pam@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "first", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "first", 10, kCodes, kT0, event(owner.id, "x")));
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "second", kT0 + 1));
  auto f = store().mfa().find_totp(owner.id);
  EXPECT_EQ(f->secret_sealed, "first");
  EXPECT_EQ(f->pending_sealed, "second");
  LK_ASSERT_OK(store().mfa().use_step(owner.id, 11));  // the old app keeps working
  LK_ASSERT_OK(store().mfa().activate(owner.id, "second", 12, {"n1"}, kT0 + 2, event(owner.id, "x")));
  f = store().mfa().find_totp(owner.id);
  EXPECT_EQ(f->secret_sealed, "second");
  EXPECT_EQ(f->last_used_step, 12);
  EXPECT_EQ(store().mfa().recovery_codes(owner.id)->total, 1);
}

TEST_P(StoreConformance, MfaPendingFailuresDiscardTheEnrolment) {
  model::Account owner = created_account("quin@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  for (int i = 1; i <= 4; ++i) {
    auto n = store().mfa().record_pending_failure(owner.id, "s", 5);
    LK_ASSERT_OK(n);
    EXPECT_EQ(*n, i);
  }
  EXPECT_TRUE(store().mfa().find_totp(owner.id)->pending());
  auto fifth = store().mfa().record_pending_failure(owner.id, "s", 5);
  LK_ASSERT_OK(fifth);
  EXPECT_EQ(*fifth, 5);
  EXPECT_FALSE(store().mfa().find_totp(owner.id)->pending());
  EXPECT_EQ(outcome(store().mfa().record_pending_failure(owner.id, "s", 5)),
            "not_found:totp enrolment");
  EXPECT_EQ(outcome(store().mfa().activate(owner.id, "s", 1, kCodes, kT0, event(owner.id, "x"))),
            "conflict");
  // A new enrolment starts from zero.
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "t", kT0 + 1));
  EXPECT_EQ(*store().mfa().record_pending_failure(owner.id, "t", 5), 1);
}

TEST_P(StoreConformance, MfaStepsOnlyMoveForward) {
  model::Account owner = created_account("rae@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "s", 100, kCodes, kT0, event(owner.id, "x")));
  EXPECT_EQ(outcome(store().mfa().use_step(owner.id, 100)), "gone");  // the confirming step
  EXPECT_EQ(outcome(store().mfa().use_step(owner.id, 99)), "gone");
  LK_EXPECT_OK(store().mfa().use_step(owner.id, 101));
  EXPECT_EQ(outcome(store().mfa().use_step(owner.id, 101)), "gone");
  LK_EXPECT_OK(store().mfa().use_step(owner.id, 103));
  EXPECT_EQ(outcome(store().mfa().use_step(owner.id, 102)), "gone");
  EXPECT_EQ(store().mfa().find_totp(owner.id)->last_used_step, 103);
}

TEST_P(StoreConformance, MfaRecoveryCodesAreSingleUseAndPerAccount) {
  model::Account owner = created_account("sal@example.com");
  model::Account other = created_account("tim@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "s", 1, kCodes, kT0, event(owner.id, "x")));
  EXPECT_EQ(outcome(store().mfa().use_recovery_code(other.id, "c1", kT0, event(other.id, "u"))), "gone");
  LK_ASSERT_OK(store().mfa().use_recovery_code(owner.id, "c1", kT0 + 1, event(owner.id, "mfa.recovery_code_used")));
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "mfa.recovery_code_used");
  EXPECT_EQ(outcome(store().mfa().use_recovery_code(owner.id, "c1", kT0 + 2, event(owner.id, "u"))), "gone");
  EXPECT_EQ(outcome(store().mfa().use_recovery_code(owner.id, "nope", kT0 + 2, event(owner.id, "u"))), "gone");
  auto codes = store().mfa().recovery_codes(owner.id);
  EXPECT_EQ(codes->total, 3);
  EXPECT_EQ(codes->remaining, 2);

  LK_ASSERT_OK(store().mfa().replace_recovery_codes(owner.id, {"d1", "d2"}, kT0 + 3,
                                                    event(owner.id, "mfa.recovery_codes_regenerated")));
  EXPECT_EQ(outcome(store().mfa().use_recovery_code(owner.id, "c2", kT0 + 4, event(owner.id, "u"))), "gone");
  codes = store().mfa().recovery_codes(owner.id);
  EXPECT_EQ(codes->total, 2);
  EXPECT_EQ(codes->remaining, 2);
  EXPECT_EQ(codes->created_at, kT0 + 3);
}

TEST_P(StoreConformance, MfaRemoveClearsEverythingAtOnce) {
  model::Account owner = created_account("una@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "s", 1, kCodes, kT0, event(owner.id, "x")));
  LK_ASSERT_OK(store().mfa().remove(owner.id, kT0 + 9, event(owner.id, "mfa.disabled")));
  EXPECT_EQ(outcome(store().mfa().find_totp(owner.id)), "not_found:totp factor");
  EXPECT_EQ(store().mfa().recovery_codes(owner.id)->total, 0);
  auto account = store().accounts().find_by_id(owner.id);
  EXPECT_FALSE(account->two_factor_enabled);
  EXPECT_EQ(account->updated_at, kT0 + 9);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "mfa.disabled");
  EXPECT_EQ(outcome(store().mfa().remove(next_uuid(), kT0, event("", "x"))), "not_found:account");
}

TEST_P(StoreConformance, AccountRemoveTakesEverythingItOwnsButTheAuditTrail) {
  model::Account owner = created_account("wes@example.com");
  model::Account other = created_account("xia@example.com");
  model::Authorization a = created_authorization(owner);
  model::Authorization kept = created_authorization(other);
  LK_ASSERT_OK(store().sessions().create_with_authorization(session(owner), authorization(owner),
                                                            event(owner.id, "s")));
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "s", 1, kCodes, kT0, event(owner.id, "x")));
  LK_ASSERT_OK(store().accounts().remove(owner.id, event(owner.id, "account.deleted")));
  EXPECT_EQ(outcome(store().accounts().find_by_id(owner.id)), "not_found:account");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(a.token_hash)), "not_found:authorization");
  EXPECT_TRUE(store().sessions().list(owner.id)->empty());
  EXPECT_EQ(outcome(store().mfa().find_totp(owner.id)), "not_found:totp factor");
  EXPECT_EQ(store().mfa().recovery_codes(owner.id)->total, 0);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "account.deleted");
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(kept.token_hash));
  EXPECT_EQ(outcome(store().accounts().remove(owner.id, event(owner.id, "again"))), "not_found:account");
  // The email is free again.
  LK_EXPECT_OK(store().accounts().create(account("wes@example.com"), event("", "account.created")));
}

TEST_P(StoreConformance, MfaEnrolmentOfAnUnknownAccountIsNotFound) {
  EXPECT_EQ(outcome(store().mfa().put_pending(next_uuid(), "s", kT0)), "not_found:account");
}

// R2: one fresh recovery code, or one TOTP step, used by 20 threads at once.
TEST_P(StoreConformance, MfaConcurrentUsesHaveExactlyOneWinner) {
  constexpr int kThreads = 20;
  model::Account owner = created_account("vic@example.com");
  std::vector<std::string> hashes;
  for (int i = 0; i < 5; ++i) hashes.push_back("code-" + std::to_string(i));
  LK_ASSERT_OK(store().mfa().put_pending(owner.id, "s", kT0));
  LK_ASSERT_OK(store().mfa().activate(owner.id, "s", 1, hashes, kT0, event(owner.id, "x")));
  for (int round = 0; round < 5; ++round) {
    std::barrier start(kThreads);
    std::atomic<int> code_wins{0}, step_wins{0}, other{0};
    std::vector<model::AuditEvent> events;
    for (int t = 0; t < kThreads; ++t) events.push_back(event(owner.id, "mfa.recovery_code_used"));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        auto c = store().mfa().use_recovery_code(owner.id, hashes[round], kT0, events[t]);
        if (c) ++code_wins;
        else if (c.error().code != ErrorCode::kGone) ++other;
        auto s = store().mfa().use_step(owner.id, 10 + round);
        if (s) ++step_wins;
        else if (s.error().code != ErrorCode::kGone) ++other;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(code_wins.load(), 1) << "round " << round;
    EXPECT_EQ(step_wins.load(), 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
  }
  EXPECT_EQ(store().mfa().recovery_codes(owner.id)->remaining, 0);
}

}  // namespace latchkey::store::testing
