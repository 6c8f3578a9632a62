// MfaService against a real SQLite store with a pinned clock: the TOTP window
// and step rules over time (S13), enrolment expiry and discard (S12), the
// shared code throttle and its back-off (S14), recovery codes (S15), removal.
#include <gtest/gtest.h>

#include <atomic>

#include "../store/sqlite_test_support.h"
#include "auth/totp.h"
#include "service/mfa.h"

namespace latchkey::service {
namespace {

class FakeClock final : public Clock {
 public:
  UnixTime now() const override { return t.load(); }
  std::atomic<UnixTime> t{1'800'000'010};  // 10 s into a 30 s step
};

class MfaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    auto opened = store::open_sqlite_store({.path = dir_.file("mfa.db")});
    ASSERT_TRUE(opened.has_value());
    store_ = std::move(*opened);
    config_.throttle.base_delay_s = 60;
    config_.throttle.max_delay_s = 120;
    throttle_ = std::make_unique<LoginThrottle>(*store_, config_.throttle, clock_);
    Deps deps{*store_, clock_, random_, cache_};
    sessions_ = std::make_unique<SessionService>(deps);
    mfa_ = std::make_unique<MfaService>(deps, config_, box_, *throttle_, *sessions_);

    caller_.account.id = "2b7e1516-28ae-4d2a-9f0c-4f3c1a0b0c01";
    caller_.account.email = "ada@example.com";
    caller_.account.password_hash = "x";
    caller_.account.created_at = caller_.account.updated_at = clock_.now();
    ASSERT_TRUE(store_->accounts().create(caller_.account, event()).has_value());
  }

  model::AuditEvent event() {
    model::AuditEvent e;
    e.id = new_uuid(random_);
    e.account_id = caller_.account.id;
    e.action = "test";
    return e;
  }

  // Enrols and confirms at the current time; returns the raw secret.
  std::string enrol() {
    auto begun = mfa_->begin(caller_.account, {});
    EXPECT_TRUE(begun.has_value());
    auto raw = auth::base32_decode(begun->secret_base32.reveal());
    EXPECT_TRUE(raw.has_value());
    auto codes = mfa_->confirm(caller_, code_at(*raw, clock_.now()), {});
    EXPECT_TRUE(codes.has_value()) << (codes ? "" : codes.error().message);
    if (codes) recovery_ = *codes;
    caller_.account.two_factor_enabled = true;
    return *raw;
  }

  static std::string code_at(const std::string& raw, UnixTime t) { return auth::totp_code(raw, t); }
  std::string verdict(std::string_view code) {
    auto r = mfa_->verify(caller_.account, code, {});
    if (r) return "ok";
    if (r.error().code == ErrorCode::kThrottled) return "throttled";
    if (r.error().code == ErrorCode::kTwoFactor)
      return r.error().message.starts_with("That two-factor code was already used") ? "replay" : "refused";
    return "error:" + r.error().message;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  SodiumRandom random_;
  TokenCache cache_{16, 60};
  auth::SecretBox box_{auth::SecretBox::Key{7}};
  config::Config config_;
  std::unique_ptr<LoginThrottle> throttle_;
  std::unique_ptr<SessionService> sessions_;
  std::unique_ptr<MfaService> mfa_;
  Principal caller_;
  std::vector<std::string> recovery_;
};

TEST_F(MfaServiceTest, EachStepOnceAndOnlyForwardWithinTMinusOneToT) {
  const std::string raw = enrol();  // the confirming step T0 is used up
  const UnixTime t0 = clock_.now();
  EXPECT_EQ(verdict(code_at(raw, t0)), "replay");
  clock_.t += 30;  // T0+1
  EXPECT_EQ(verdict(code_at(raw, t0 + 60)), "refused") << "T+1 is in the future";
  EXPECT_EQ(verdict(code_at(raw, t0)), "replay") << "T-1, but not newer than the used step";
  EXPECT_EQ(verdict(code_at(raw, t0 + 30)), "ok");
  EXPECT_EQ(verdict(code_at(raw, t0 + 30)), "replay");
  clock_.t += 60;  // T0+3: T0+2 is now T-1 and newer than T0+1
  EXPECT_EQ(verdict(code_at(raw, t0 + 30 - 30)), "refused") << "T-3";
  EXPECT_EQ(verdict(code_at(raw, t0 + 60)), "ok") << "T-1, newer";
  EXPECT_EQ(verdict(code_at(raw, t0 + 90)), "ok") << "T after T-1";
  EXPECT_EQ(verdict(code_at(raw, t0 + 60)), "replay") << "in the window but older than the last used step";
}

TEST_F(MfaServiceTest, MissingCodeIsTwoFactorWithoutCountingAFailure) {
  enrol();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(verdict("  "), "refused");
  EXPECT_EQ(verdict(recovery_[0]), "ok");
}

TEST_F(MfaServiceTest, AccountsWithoutMfaPassVerification) {
  EXPECT_EQ(verdict(""), "ok");
}

TEST_F(MfaServiceTest, RecoveryCodesWorkOnceInAnyTypingAndShareTheThrottle) {
  enrol();
  ASSERT_EQ(recovery_.size(), 10u);
  std::string sloppy = recovery_[0];
  for (char& c : sloppy) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(verdict(sloppy), "ok");
  EXPECT_EQ(verdict(recovery_[0]), "refused");
  EXPECT_EQ(mfa_->status(caller_.account)->recovery_codes.remaining, 9);
  auto fresh = mfa_->regenerate_recovery_codes(caller_.account, {});
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(verdict(recovery_[1]), "refused");
  EXPECT_EQ(verdict((*fresh)[0]), "ok");
}

TEST_F(MfaServiceTest, TenWrongCodesThrottleEvenTheRightOneUntilTheDelayPasses) {
  const std::string raw = enrol();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(verdict("000000"), "refused") << i;
  clock_.t += 30;
  EXPECT_EQ(verdict(code_at(raw, clock_.now())), "throttled");
  clock_.t += 31;  // past base_delay_s (60) after the last failure
  EXPECT_EQ(verdict(code_at(raw, clock_.now())), "ok");
  // Success resets the count.
  EXPECT_EQ(verdict("000000"), "refused");
  EXPECT_EQ(verdict(recovery_[0]), "ok");
}

TEST_F(MfaServiceTest, EnrolmentExpiresAndWrongProofCodesDiscardIt) {
  auto begun = mfa_->begin(caller_.account, {});
  ASSERT_TRUE(begun.has_value());
  const std::string raw = *auth::base32_decode(begun->secret_base32.reveal());
  clock_.t += kEnrolmentTtlSeconds;
  EXPECT_FALSE(mfa_->status(caller_.account)->pending);
  auto late = mfa_->confirm(caller_, code_at(raw, clock_.now()), {});
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);

  begun = mfa_->begin(caller_.account, {});
  const std::string raw2 = *auth::base32_decode(begun->secret_base32.reveal());
  for (int i = 1; i <= kEnrolmentAttempts; ++i) {
    auto wrong = mfa_->confirm(caller_, "not a code", {});
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().id, "invalid_code");
  }
  auto after = mfa_->confirm(caller_, code_at(raw2, clock_.now()), {});
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->accounts().find_by_id(caller_.account.id)->two_factor_enabled);
}

TEST_F(MfaServiceTest, DisableIsRefusedWhileRequiredAndResetAlwaysWorks) {
  enrol();
  config_.mfa.required = true;
  auto refused = mfa_->disable(caller_, {});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(mfa_->reset(caller_.account, {}).has_value());
  EXPECT_FALSE(store_->accounts().find_by_id(caller_.account.id)->two_factor_enabled);
  EXPECT_EQ(mfa_->status(caller_.account)->recovery_codes.total, 0);

  enrol();
  config_.mfa.required = false;
  ASSERT_TRUE(mfa_->disable(caller_, {}).has_value());
  EXPECT_FALSE(mfa_->status(caller_.account)->enabled);
}

}  // namespace
}  // namespace latchkey::service
