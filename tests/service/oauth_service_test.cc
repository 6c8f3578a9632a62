// The OAuth server's time rules against a real SQLite store with a pinned
// clock (no sleeps): code lifetime (S40.4), access-token expiry as seen by
// introspection, the refresh family's absolute lifetime (S42.4), device-code
// polling (slow_down +5 sticky, expired_token; S50) and browser-session idle
// and absolute timeouts (S21).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>

#include "../store/sqlite_test_support.h"
#include "auth/pkce.h"
#include "auth/token.h"
#include "service/browser_sessions.h"
#include "service/device_logins.h"
#include "service/oauth.h"

namespace latchkey::service {
namespace {

class FakeClock final : public Clock {
 public:
  UnixTime now() const override { return t.load(); }
  std::atomic<UnixTime> t{1'800'000'000};
};

constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

class OAuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    auto opened = store::open_sqlite_store({.path = dir_.file("oauth.db")});
    ASSERT_TRUE(opened.has_value());
    store_ = std::move(*opened);
    config_.tokens.auth_code_ttl_s = 60;
    config_.tokens.access_ttl_s = 3600;
    config_.tokens.refresh_family_ttl_s = 1000;
    config_.tokens.device_code_ttl_s = 900;
    config_.tokens.device_poll_interval_s = 5;
    config_.sessions.idle_timeout_s = 100;
    config_.sessions.absolute_timeout_s = 1000;
    Deps deps{*store_, clock_, random_, cache_};
    id_tokens_ = std::make_unique<IdTokens>(*store_, box_, clock_, random_);
    ASSERT_TRUE(id_tokens_->load().has_value());
    oauth_ = std::make_unique<OAuthService>(deps, config_, *id_tokens_, client_cache_, issuer_);
    devices_ = std::make_unique<DeviceService>(deps, config_, *oauth_);
    browser_ = std::make_unique<BrowserSessionService>(deps, config_.sessions);

    account_.id = "2b7e1516-28ae-4d2a-9f0c-4f3c1a0b0c01";
    account_.email = "ada@example.com";
    account_.password_hash = "x";
    account_.created_at = account_.updated_at = clock_.now();
    ASSERT_TRUE(store_->accounts().create(account_, event()).has_value());
    client_.id = "6f1c0d1e-1b7a-4a51-8f8e-2f4a0b9c0d02";
    client_.owner_id = account_.id;
    client_.name = "App";
    client_.redirect_uri = "https://app.example/cb";
    client_.secret_hash = auth::hash_token(secret_);
    client_.grant_types = {"authorization_code", "refresh_token", std::string(kGrantDeviceCode)};
    client_.created_at = client_.updated_at = clock_.now();
    ASSERT_TRUE(store_->clients().create(client_, event()).has_value());
  }

  model::AuditEvent event() {
    model::AuditEvent e;
    e.id = new_uuid(random_);
    e.account_id = account_.id;
    e.action = "test";
    return e;
  }

  ClientCredentials creds() const { return {client_.id, secret_, false}; }

  std::string code() {
    AuthorizeParams p;
    p.response_type = "code";
    p.client_id = client_.id;
    p.scope = "openid identity";
    p.code_challenge = auth::pkce_s256(kVerifier);
    auto target = oauth_->check_client(p);
    EXPECT_TRUE(target.has_value());
    auto request = oauth_->check_request(*target, p);
    EXPECT_TRUE(request.has_value());
    auto c = oauth_->issue_code(account_, *request, clock_.now(), {});
    EXPECT_TRUE(c.has_value());
    return std::string(c->reveal());
  }

  static std::string outcome(const Result<TokenGrant>& r) { return r ? "ok" : r.error().id; }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  SodiumRandom random_;
  TokenCache cache_{16, 60};
  auth::SecretBox box_{auth::SecretBox::Key{9}};
  config::Config config_;
  std::string issuer_ = "https://auth.example";
  ClientCache client_cache_{16, 60};
  std::unique_ptr<IdTokens> id_tokens_;
  std::unique_ptr<OAuthService> oauth_;
  std::unique_ptr<DeviceService> devices_;
  std::unique_ptr<BrowserSessionService> browser_;
  model::Account account_;
  model::OAuthClient client_;
  std::string secret_ = auth::generate_token(auth::TokenKind::kClientSecret, random_);
};

TEST_F(OAuthServiceTest, CodeLivesSixtySeconds) {
  const std::string fresh = code();
  const std::string stale = code();
  clock_.t += 59;
  EXPECT_EQ(outcome(oauth_->exchange_code(creds(), fresh, std::nullopt, kVerifier, {})), "ok");
  clock_.t += 1;
  EXPECT_EQ(outcome(oauth_->exchange_code(creds(), stale, std::nullopt, kVerifier, {})), "invalid_grant");
}

TEST_F(OAuthServiceTest, IdTokenCarriesTheIssuerAndTheAudience) {
  auto g = oauth_->exchange_code(creds(), code(), std::nullopt, kVerifier, {});
  ASSERT_TRUE(g.has_value());
  ASSERT_TRUE(g->id_token.has_value());
  auto jwks = id_tokens_->jwks_json();
  ASSERT_TRUE(jwks.has_value());
  const auto first_key = jwks->substr(9, jwks->find('}') - 8);  // {"keys":[ {...} ]}
  auto payload = auth::verify_jwt(*g->id_token, first_key);
  ASSERT_TRUE(payload.has_value()) << *jwks;
  EXPECT_NE(payload->find("\"iss\":\"https://auth.example\""), std::string::npos);
  EXPECT_NE(payload->find("\"aud\":\"" + client_.id + "\""), std::string::npos);
  EXPECT_NE(payload->find("\"sub\":\"" + account_.id + "\""), std::string::npos);
}

TEST_F(OAuthServiceTest, ClientCredentialsAsyncAnswersOnceTheGrantIsCommitted) {
  client_.grant_types = {"client_credentials"};
  client_.scopes = {"identity", "read"};
  ASSERT_TRUE(store_->clients().update(client_, event()).has_value());
  client_cache_.invalidate(client_.id);

  // Refusals are answered before anything is queued, on the caller's thread.
  std::optional<Result<TokenGrant>> refused;
  oauth_->client_credentials_async(creds(), std::string("write"), {}, [&](Result<TokenGrant> r) { refused = std::move(r); });
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(outcome(*refused), "invalid_scope");

  std::promise<Result<TokenGrant>> promise;
  auto future = promise.get_future();
  service::RequestInfo who;
  who.ip = "192.0.2.7";
  who.user_agent = "svc-test";
  oauth_->client_credentials_async(creds(), std::string("identity"), who,
                                   [&](Result<TokenGrant> r) { promise.set_value(std::move(r)); });
  ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  auto g = future.get();
  ASSERT_TRUE(g.has_value()) << g.error().message;
  EXPECT_FALSE(g->refresh_token.has_value());
  EXPECT_EQ(g->authorization.scope, std::vector<std::string>{"identity"});
  // Committed when the answer came: the token introspects, the event is stored.
  EXPECT_TRUE(oauth_->introspect(creds(), g->access_token.reveal())->active);
  auto stored = store_->authorizations().find_by_token_hash(auth::hash_token(g->access_token.reveal()));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->created_ip, "192.0.2.7");
  EXPECT_EQ(store_->audit().list(account_.id, 1)->front().action, "oauth.token_issued");
}

TEST_F(OAuthServiceTest, DeviceGrantScopesFollowTheSameRuleAsAuthorize) {
  client_.scopes = {"identity"};
  ASSERT_TRUE(store_->clients().update(client_, event()).has_value());
  client_cache_.invalidate(client_.id);
  auto start = [&](std::string scope) {
    auto r = devices_->start(creds(), scope, {});
    return r ? std::string("ok") : r.error().id;
  };
  EXPECT_EQ(start("identity"), "ok");
  EXPECT_EQ(start("openid email profile identity"), "ok") << "OIDC scopes are always allowed";
  EXPECT_EQ(start("identity read"), "invalid_scope");
  EXPECT_EQ(start("global"), "invalid_scope");
  AuthorizeParams p;
  p.response_type = "code";
  p.client_id = client_.id;
  p.code_challenge = auth::pkce_s256(kVerifier);
  auto target = oauth_->check_client(p);
  ASSERT_TRUE(target.has_value());
  p.scope = "openid email profile identity";
  EXPECT_TRUE(oauth_->check_request(*target, p).has_value());
  p.scope = "identity read";
  EXPECT_FALSE(oauth_->check_request(*target, p).has_value());
}

TEST_F(OAuthServiceTest, AccessTokenExpiresForIntrospection) {
  auto g = oauth_->exchange_code(creds(), code(), std::nullopt, kVerifier, {});
  ASSERT_TRUE(g.has_value());
  const std::string at(g->access_token.reveal());
  clock_.t += 3599;
  EXPECT_TRUE(oauth_->introspect(creds(), at)->active);
  clock_.t += 1;
  EXPECT_FALSE(oauth_->introspect(creds(), at)->active);
}

// The dashboard's "Revoke access": the grant's tokens stop working at once
// (the bearer cache forgets them), consent is asked again, a second withdraw
// (or an unknown client) finds nothing.
TEST_F(OAuthServiceTest, WithdrawEndsTheGrantsAndTheConsent) {
  AuthorizeParams p;
  p.response_type = "code";
  p.client_id = client_.id;
  p.scope = "identity";
  p.code_challenge = auth::pkce_s256(kVerifier);
  auto request = oauth_->check_request(*oauth_->check_client(p), p);
  ASSERT_TRUE(request.has_value());
  ASSERT_TRUE(oauth_->record_consent(account_, *request, {}).has_value());
  auto grant = oauth_->exchange_code(creds(), code(), std::nullopt, kVerifier, {});
  ASSERT_TRUE(grant.has_value());
  const std::string token(grant->access_token.reveal());
  ASSERT_TRUE(oauth_->introspect(creds(), token)->active);  // now in the bearer cache

  ASSERT_TRUE(oauth_->withdraw(account_, client_.id, {}).has_value());
  EXPECT_FALSE(oauth_->introspect(creds(), token)->active);
  EXPECT_FALSE(*oauth_->has_consent(account_, *request));
  EXPECT_EQ(oauth_->refresh(creds(), grant->refresh_token->reveal(), std::nullopt, {}).error().id, "invalid_grant");
  EXPECT_EQ(store_->audit().list(account_.id, 1)->front().action, "oauth.consent_withdrawn");
  EXPECT_EQ(oauth_->withdraw(account_, client_.id, {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_->withdraw(account_, std::string(65, 'a'), {}).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_->withdraw(account_, "", {}).error().code, ErrorCode::kNotFound);
}

TEST_F(OAuthServiceTest, RefreshFamilyDiesAtItsAbsoluteLifetime) {
  auto g = oauth_->exchange_code(creds(), code(), std::nullopt, kVerifier, {});
  ASSERT_TRUE(g.has_value() && g->refresh_token);
  std::string rt(g->refresh_token->reveal());
  for (int i = 0; i < 3; ++i) {
    clock_.t += 300;  // 300, 600, 900: each fresh token still inside the family's 1000 s
    auto next = oauth_->refresh(creds(), rt, std::nullopt, {});
    ASSERT_EQ(outcome(next), "ok") << i;
    rt = std::string(next->refresh_token->reveal());
  }
  clock_.t += 100;  // 1000
  EXPECT_EQ(outcome(oauth_->refresh(creds(), rt, std::nullopt, {})), "invalid_grant");
}

TEST_F(OAuthServiceTest, DevicePollingSlowsDownForGoodAndExpires) {
  auto started = devices_->start({client_.id, secret_, false}, std::nullopt, {});
  ASSERT_TRUE(started.has_value());
  const std::string dc(started->device_code.reveal());
  auto poll = [&] { return outcome(devices_->poll(creds(), dc, {})); };
  EXPECT_EQ(poll(), "authorization_pending");
  clock_.t += 1;
  EXPECT_EQ(poll(), "slow_down");  // interval now 10
  clock_.t += 5;
  EXPECT_EQ(poll(), "slow_down") << "the old interval is too fast now (interval stays 10)";
  clock_.t += 10;
  EXPECT_EQ(poll(), "authorization_pending") << "interval + 5, as S50 spells it out";
  clock_.t += 1;
  EXPECT_EQ(poll(), "slow_down") << "hammering again: interval 15";
  clock_.t += 10;
  EXPECT_EQ(poll(), "slow_down");
  clock_.t += 15;
  EXPECT_EQ(poll(), "authorization_pending");
  clock_.t += 900;
  EXPECT_EQ(poll(), "expired_token");
}

TEST_F(OAuthServiceTest, ApprovedDeviceCodeRedeemsOnce) {
  auto started = devices_->start({client_.id, secret_, false}, std::string("identity"), {});
  ASSERT_TRUE(started.has_value());
  auto found = devices_->lookup_user_code(*started->grant.user_code, account_, "session-1", {});
  ASSERT_TRUE(found.has_value());
  ASSERT_TRUE(devices_->decide(*found, true, account_, {}).has_value());
  const std::string dc(started->device_code.reveal());
  EXPECT_EQ(outcome(devices_->poll(creds(), dc, {})), "ok");
  clock_.t += 10;
  EXPECT_EQ(outcome(devices_->poll(creds(), dc, {})), "invalid_grant");
}

TEST_F(OAuthServiceTest, BrowserSessionIdleAndAbsoluteTimeouts) {
  auto s = browser_->start(account_, {});
  ASSERT_TRUE(s.has_value());
  const std::string cookie(s->cookie.reveal());
  for (int i = 0; i < 10; ++i) {  // a request every 99 s keeps it alive: 99 … 990 s
    clock_.t += 99;
    ASSERT_TRUE(browser_->resolve(cookie).has_value()) << i;
  }
  clock_.t += 99;  // 1089 s: past the absolute 1000 s, though never idle
  EXPECT_FALSE(browser_->resolve(cookie).has_value());

  auto idle = browser_->start(account_, {});
  ASSERT_TRUE(idle.has_value());
  clock_.t += 100;
  EXPECT_FALSE(browser_->resolve(idle->cookie.reveal()).has_value());
}

TEST_F(OAuthServiceTest, ElevationIssuesANewCookieAndKillsTheOld) {
  account_.two_factor_enabled = true;  // the session starts at the second-factor stage
  auto s = browser_->start(account_, {});
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->complete());
  auto full = browser_->elevate(*s, {}, "session.started");
  ASSERT_TRUE(full.has_value());
  EXPECT_TRUE(full->complete());
  EXPECT_NE(full->cookie.reveal(), s->cookie.reveal());
  EXPECT_FALSE(browser_->resolve(s->cookie.reveal()).has_value());
  EXPECT_TRUE(browser_->resolve(full->cookie.reveal()).has_value());
  EXPECT_TRUE(browser_->recently_authenticated(*full));
}

}  // namespace
}  // namespace latchkey::service
