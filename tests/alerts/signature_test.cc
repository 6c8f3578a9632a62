// Latchkey-Signature (docs/alerts.md) against independent HMAC-SHA256 values
// (Python's hmac module), tampering, stale timestamps and malformed headers;
// HTTP status → delivery outcome; the kind list agrees with the config check.
#include <gtest/gtest.h>

#include "alerts/kinds.h"
#include "alerts/sender.h"
#include "alerts/signature.h"
#include "auth/hmac.h"
#include "config/config.h"

namespace latchkey::alerts {
namespace {

TEST(Hmac, MatchesKnownAnswer) {
  EXPECT_EQ(auth::hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(WebhookSignature, IsTimestampAndHmacOfTimestampDotBody) {
  EXPECT_EQ(sign_webhook("whsec_test", 1'700'000'000, R"({"a":1})"),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
}

TEST(WebhookSignature, VerifiesOnlyTheSignedBodyUnderTheSecretInTime) {
  const std::string body = R"({"kind":"mfa_disabled"})";
  const std::string header = sign_webhook("s3cret", 1000, body);
  EXPECT_TRUE(verify_webhook("s3cret", header, body, 1000));
  EXPECT_TRUE(verify_webhook("s3cret", header, body, 1200));
  EXPECT_FALSE(verify_webhook("s3cret", header, body, 1301)) << "older than 5 minutes";
  EXPECT_FALSE(verify_webhook("other", header, body, 1000));
  EXPECT_FALSE(verify_webhook("s3cret", header, body + " ", 1000));
  EXPECT_FALSE(verify_webhook("s3cret", "t=1000", body, 1000));
  EXPECT_FALSE(verify_webhook("s3cret", "", body, 1000));
  EXPECT_FALSE(verify_webhook("s3cret", "t=abc,v1=00", body, 1000));
  // The timestamp is inside the MAC: moving it breaks the signature.
  std::string moved = header;
  moved.replace(2, 4, "1001");
  EXPECT_FALSE(verify_webhook("s3cret", moved, body, 1000));
}

TEST(HttpOutcome, TwoHundredsDeliverServerErrorsAndTooManyRetryOtherRefusalsGiveUp) {
  using O = SendResult::Outcome;
  EXPECT_EQ(classify_http_status(200), O::kDelivered);
  EXPECT_EQ(classify_http_status(204), O::kDelivered);
  EXPECT_EQ(classify_http_status(500), O::kRetry);
  EXPECT_EQ(classify_http_status(503), O::kRetry);
  EXPECT_EQ(classify_http_status(429), O::kRetry);
  EXPECT_EQ(classify_http_status(400), O::kGiveUp);
  EXPECT_EQ(classify_http_status(404), O::kGiveUp);
  EXPECT_EQ(classify_http_status(301), O::kGiveUp);
}

TEST(AlertKinds, EveryKindIsAcceptedByTheConfigAndNothingElse) {
  for (auto kind : all_kinds()) {
    config::Sources s;
    s.sets = {"alerts.kinds=" + std::string(kind)};
    auto c = config::load(s);
    ASSERT_TRUE(c) << kind << ": " << c.error().message;
    EXPECT_EQ(c->alerts.kinds, std::vector<std::string>{std::string(kind)});
  }
  config::Sources bad;
  bad.sets = {"alerts.kinds=new_login"};
  EXPECT_FALSE(config::load(bad));
}

TEST(AlertKinds, EventsMapToTheirKinds) {
  model::AuditEvent e;
  e.account_id = "a";
  e.action = "mfa.disabled";
  EXPECT_EQ(kind_of(e), kMfaDisabled);
  e.action = "oauth.refresh_reuse_detected";
  EXPECT_EQ(kind_of(e), kRefreshTokenReuse);
  e.action = "login.failed";
  EXPECT_EQ(kind_of(e), std::nullopt);
  e.action = "session.started";
  EXPECT_TRUE(is_sign_in(e));
  e.action = "authorization.created";
  EXPECT_TRUE(is_sign_in(e)) << "minted with email + password";
  e.token_prefix = "abcd1234";
  EXPECT_FALSE(is_sign_in(e)) << "created with a token: not a sign-in";
  EXPECT_TRUE(kind_enabled({"all"}, kTokenLeaked));
  EXPECT_FALSE(kind_enabled({"mfa_disabled"}, kTokenLeaked));
}

}  // namespace
}  // namespace latchkey::alerts
