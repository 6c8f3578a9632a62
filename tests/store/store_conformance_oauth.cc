// Conformance suite, part 5: the OAuth server's state — authorization codes,
// refresh-token families and consent (GrantStore), device and CLI browser
// logins (DeviceStore), ID-token signing keys (SigningKeyStore), browser
// sessions (SessionStore) and what ClientStore/AuthorizationStore removal takes
// with it. Every single-use value is also consumed by many threads at once (R2).
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {
namespace {

constexpr UnixTime kCodeTtl = 60;
constexpr UnixTime kDeviceTtl = 600;

model::OAuthClient client_of(const model::Account& owner, const std::string& id,
                             const std::string& secret_hash) {
  model::OAuthClient c;
  c.id = id;
  c.owner_id = owner.id;
  c.name = "Dashboard";
  c.redirect_uri = "https://dash.example/callback";
  c.secret_hash = secret_hash;
  c.secret_hint = "lkc_abcd**********wxyz";
  c.created_at = c.updated_at = 1'700'000'000;
  return c;
}

model::AuthorizationCode code_of(const model::OAuthClient& client, const model::Account& account,
                                 const std::string& code_hash, UnixTime at) {
  model::AuthorizationCode c;
  c.code_hash = code_hash;
  c.client_id = client.id;
  c.account_id = account.id;
  c.redirect_uri = client.redirect_uri + "?x=1";
  c.scope = {"identity", "read"};
  c.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  c.nonce = "n-0S6_WzA2Mj";
  c.auth_time = at - 30;
  c.created_at = at;
  c.expires_at = at + kCodeTtl;
  return c;
}

model::RefreshToken refresh_of(const model::Authorization& authz, const std::string& token_hash,
                               UnixTime at) {
  model::RefreshToken r;
  r.token_hash = token_hash;
  r.authorization_id = authz.id;
  r.account_id = authz.account_id;
  r.client_id = authz.client_id.value_or("");
  r.created_at = at;
  r.family_expires_at = at + 30 * 86400;
  return r;
}

model::DeviceGrant device_of(const std::string& id, const std::string& secret_hash,
                             const std::string& client_id, std::optional<std::string> user_code,
                             UnixTime at) {
  model::DeviceGrant g;
  g.id = id;
  g.kind = user_code ? "device" : "browser";
  g.secret_hash = secret_hash;
  g.user_code = std::move(user_code);
  g.client_id = client_id;
  g.scope = {"global"};
  g.description = "Login from laptop";
  g.requester_ip = "198.51.100.4";
  g.requester_ua = "heroku-cli/9.0.0";
  g.created_at = at;
  g.expires_at = at + kDeviceTtl;
  return g;
}

model::SigningKeyRecord key_of(const std::string& kid, UnixTime at) {
  return model::SigningKeyRecord{kid, "sealed:" + kid, R"({"kty":"EC","kid":")" + kid + R"("})", at,
                                 std::nullopt};
}

void expect_same(const model::AuthorizationCode& want, const model::AuthorizationCode& got) {
  EXPECT_EQ(got.code_hash, want.code_hash);
  EXPECT_EQ(got.client_id, want.client_id);
  EXPECT_EQ(got.account_id, want.account_id);
  EXPECT_EQ(got.redirect_uri, want.redirect_uri);
  EXPECT_EQ(got.scope, want.scope);
  EXPECT_EQ(got.code_challenge, want.code_challenge);
  EXPECT_EQ(got.nonce, want.nonce);
  EXPECT_EQ(got.auth_time, want.auth_time);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.expires_at, want.expires_at);
  EXPECT_EQ(got.used_at, want.used_at);
  EXPECT_EQ(got.authorization_id, want.authorization_id);
}

void expect_same(const model::RefreshToken& want, const model::RefreshToken& got) {
  EXPECT_EQ(got.token_hash, want.token_hash);
  EXPECT_EQ(got.authorization_id, want.authorization_id);
  EXPECT_EQ(got.account_id, want.account_id);
  EXPECT_EQ(got.client_id, want.client_id);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.family_expires_at, want.family_expires_at);
  EXPECT_EQ(got.used_at, want.used_at);
}

void expect_same(const model::DeviceGrant& want, const model::DeviceGrant& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.secret_hash, want.secret_hash);
  EXPECT_EQ(got.user_code, want.user_code);
  EXPECT_EQ(got.client_id, want.client_id);
  EXPECT_EQ(got.scope, want.scope);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.requester_ip, want.requester_ip);
  EXPECT_EQ(got.requester_ua, want.requester_ua);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.expires_at, want.expires_at);
  EXPECT_EQ(got.interval_s, want.interval_s);
  EXPECT_EQ(got.last_poll_at, want.last_poll_at);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.account_id, want.account_id);
  EXPECT_EQ(got.decided_at, want.decided_at);
}

void expect_same(const model::Session& want, const model::Session& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.account_id, want.account_id);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.expires_at, want.expires_at);
  EXPECT_EQ(got.created_ip, want.created_ip);
  EXPECT_EQ(got.user_agent, want.user_agent);
  EXPECT_EQ(got.token_hash, want.token_hash);
  EXPECT_EQ(got.stage, want.stage);
  EXPECT_EQ(got.last_seen_at, want.last_seen_at);
  EXPECT_EQ(got.authenticated_at, want.authenticated_at);
}

std::vector<std::string> kids(const Result<std::vector<model::SigningKeyRecord>>& keys) {
  std::vector<std::string> out;
  if (keys) {
    for (const auto& k : *keys) out.push_back(k.kid);
  }
  return out;
}

}  // namespace

// ---- authorization codes -------------------------------------------------

TEST_P(StoreConformance, OAuthCodePutThenFindRoundTripsEveryField) {
  model::Account owner = created_account("oc1@example.com");
  model::Account user = created_account("oc2@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  auto code = code_of(client, user, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));
  auto got = store().grants().find_code(code.code_hash);
  LK_ASSERT_OK(got);
  expect_same(code, *got);
  EXPECT_FALSE(got->used_at);
  EXPECT_FALSE(got->authorization_id);

  // Optional parts left empty round-trip as empty.
  auto bare = code_of(client, user, next_hash(), kT0);
  bare.code_challenge.clear();
  bare.nonce.clear();
  bare.scope.clear();
  LK_ASSERT_OK(store().grants().put_code(bare));
  got = store().grants().find_code(bare.code_hash);
  LK_ASSERT_OK(got);
  expect_same(bare, *got);

  EXPECT_EQ(outcome(store().grants().put_code(code)), "conflict");
  EXPECT_EQ(outcome(store().grants().find_code(next_hash())), "not_found:code");
}

TEST_P(StoreConformance, OAuthCodeForUnknownClientIsNotFound) {
  model::Account user = created_account("oc3@example.com");
  model::OAuthClient ghost = client_of(user, next_uuid(), next_hash());  // never created
  EXPECT_EQ(outcome(store().grants().put_code(code_of(ghost, user, next_hash(), kT0))),
            "not_found:client");
}

TEST_P(StoreConformance, OAuthCodeRedeemsOnceAndCreatesTheGrant) {
  model::Account owner = created_account("oc4@example.com");
  model::Account user = created_account("oc5@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  auto code = code_of(client, user, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));

  model::Authorization authz = authorization(user, kT0 + 5);
  authz.client_id = client.id;
  auto refresh = refresh_of(authz, next_hash(), kT0 + 5);
  LK_ASSERT_OK(store().grants().redeem_code(code.code_hash, kT0 + 5, authz, refresh,
                                            event(user.id, "oauth.code_redeemed", kT0 + 5)));
  auto got = store().authorizations().find_by_token_hash(authz.token_hash);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->id, authz.id);
  EXPECT_EQ(got->client_id, client.id);
  auto rt = store().grants().find_refresh(refresh.token_hash);
  LK_ASSERT_OK(rt);
  expect_same(refresh, *rt);
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "oauth.code_redeemed");

  // A used code is still found, with what it produced.
  auto used = store().grants().find_code(code.code_hash);
  LK_ASSERT_OK(used);
  EXPECT_EQ(used->used_at, kT0 + 5);
  EXPECT_EQ(used->authorization_id, authz.id);

  // The second redemption creates nothing.
  model::Authorization again = authorization(user, kT0 + 6);
  again.client_id = client.id;
  auto again_refresh = refresh_of(again, next_hash(), kT0 + 6);
  EXPECT_EQ(outcome(store().grants().redeem_code(code.code_hash, kT0 + 6, again, again_refresh,
                                                 event(user.id, "oauth.code_replayed"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(again.token_hash)),
            "not_found:authorization");
  EXPECT_EQ(outcome(store().grants().find_refresh(again_refresh.token_hash)),
            "not_found:refresh_token");
  EXPECT_EQ(store().grants().find_code(code.code_hash)->authorization_id, authz.id);
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "oauth.code_redeemed");
}

TEST_P(StoreConformance, OAuthCodeRedeemWithoutRefreshCreatesOnlyTheAuthorization) {
  model::Account owner = created_account("oc6@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  auto code = code_of(client, owner, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));
  model::Authorization authz = authorization(owner, kT0 + 1);
  authz.client_id = client.id;
  LK_ASSERT_OK(store().grants().redeem_code(code.code_hash, kT0 + 1, authz, std::nullopt,
                                            event(owner.id, "oauth.code_redeemed")));
  LK_EXPECT_OK(store().authorizations().find(owner.id, authz.id));
}

TEST_P(StoreConformance, OAuthCodeExpiredOrBurnedCannotBeRedeemed) {
  model::Account owner = created_account("oc7@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));

  auto expired = code_of(client, owner, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(expired));
  model::Authorization a1 = authorization(owner, kT0);
  EXPECT_EQ(outcome(store().grants().redeem_code(expired.code_hash, expired.expires_at, a1,
                                                 std::nullopt, event(owner.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().grants().redeem_code(expired.code_hash, expired.expires_at + 100, a1,
                                                 std::nullopt, event(owner.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(a1.token_hash)),
            "not_found:authorization");
  EXPECT_FALSE(store().grants().find_code(expired.code_hash)->used_at);

  auto burned = code_of(client, owner, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(burned));
  LK_ASSERT_OK(store().grants().burn_code(burned.code_hash, kT0 + 3));
  auto got = store().grants().find_code(burned.code_hash);
  EXPECT_EQ(got->used_at, kT0 + 3);
  EXPECT_FALSE(got->authorization_id);
  EXPECT_EQ(outcome(store().grants().burn_code(burned.code_hash, kT0 + 4)), "gone");
  EXPECT_EQ(store().grants().find_code(burned.code_hash)->used_at, kT0 + 3);
  model::Authorization a2 = authorization(owner, kT0);
  EXPECT_EQ(outcome(store().grants().redeem_code(burned.code_hash, kT0 + 5, a2, std::nullopt,
                                                 event(owner.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(a2.token_hash)),
            "not_found:authorization");

  // A redeemed code cannot be burned afterwards either.
  auto redeemed = code_of(client, owner, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(redeemed));
  model::Authorization a3 = authorization(owner, kT0);
  LK_ASSERT_OK(store().grants().redeem_code(redeemed.code_hash, kT0 + 1, a3, std::nullopt,
                                            event(owner.id, "x")));
  EXPECT_EQ(outcome(store().grants().burn_code(redeemed.code_hash, kT0 + 2)), "gone");
}

TEST_P(StoreConformance, OAuthCodeRedeemIsAtomicWhenTheGrantCannotBeCreated) {
  model::Account owner = created_account("oc8@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  model::Authorization existing = created_authorization(owner);
  auto code = code_of(client, owner, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));
  model::Authorization clash = authorization(owner, kT0);
  clash.token_hash = existing.token_hash;
  EXPECT_EQ(outcome(store().grants().redeem_code(code.code_hash, kT0 + 1, clash, std::nullopt,
                                                 event(owner.id, "x"))),
            "conflict");
  auto got = store().grants().find_code(code.code_hash);
  EXPECT_FALSE(got->used_at);
  EXPECT_FALSE(got->authorization_id);
}

// R2: one code redeemed by 20 threads at once, five times over.
TEST_P(StoreConformance, OAuthCodeConcurrentRedemptionsHaveExactlyOneWinner) {
  constexpr int kThreads = 20;
  model::Account owner = created_account("oc9@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  for (int round = 0; round < 5; ++round) {
    auto code = code_of(client, owner, next_hash(), kT0);
    LK_ASSERT_OK(store().grants().put_code(code));
    std::vector<model::Authorization> authzs;
    std::vector<model::RefreshToken> refreshes;
    std::vector<model::AuditEvent> events;
    for (int t = 0; t < kThreads; ++t) {
      authzs.push_back(authorization(owner, kT0 + 1));
      authzs.back().client_id = client.id;
      refreshes.push_back(refresh_of(authzs.back(), next_hash(), kT0 + 1));
      events.push_back(event(owner.id, "oauth.code_redeemed"));
    }
    std::barrier start(kThreads);
    std::atomic<int> wins{0}, other{0}, winner{-1};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        auto r = store().grants().redeem_code(code.code_hash, kT0 + 1, authzs[t], refreshes[t],
                                              events[t]);
        if (r) {
          ++wins;
          winner = t;
        } else if (r.error().code != ErrorCode::kGone) {
          ++other;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    ASSERT_GE(winner.load(), 0);
    EXPECT_EQ(store().grants().find_code(code.code_hash)->authorization_id, authzs[winner].id);
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(store().authorizations().find_by_token_hash(authzs[t].token_hash).has_value(),
                t == winner)
          << "round " << round << " thread " << t;
    }
  }
}

// ---- refresh tokens ------------------------------------------------------

TEST_P(StoreConformance, OAuthCreateGrantWithAndWithoutRefresh) {
  model::Account owner = created_account("rt1@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));

  model::Authorization with = authorization(owner);
  with.client_id = client.id;
  auto refresh = refresh_of(with, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(with, refresh, event(owner.id, "oauth.granted")));
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(with.token_hash));
  auto rt = store().grants().find_refresh(refresh.token_hash);
  LK_ASSERT_OK(rt);
  expect_same(refresh, *rt);
  EXPECT_FALSE(rt->used_at);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "oauth.granted");

  model::Authorization without = authorization(owner);
  without.client_id = client.id;
  LK_ASSERT_OK(store().grants().create_grant(without, std::nullopt, event(owner.id, "oauth.granted")));
  LK_EXPECT_OK(store().authorizations().find(owner.id, without.id));
  EXPECT_EQ(store().authorizations().list(owner.id)->size(), 2u);

  // A duplicate token leaves nothing behind, not even the refresh token.
  model::Authorization clash = authorization(owner);
  clash.token_hash = with.token_hash;
  auto orphan = refresh_of(clash, next_hash(), kT0);
  EXPECT_EQ(outcome(store().grants().create_grant(clash, orphan, event(owner.id, "x"))), "conflict");
  EXPECT_EQ(outcome(store().grants().find_refresh(orphan.token_hash)), "not_found:refresh_token");
  EXPECT_EQ(outcome(store().grants().create_grant(authorization(account("ghost@example.com")),
                                                  std::nullopt, event("", "x"))),
            "not_found:account");
  EXPECT_EQ(outcome(store().grants().find_refresh(next_hash())), "not_found:refresh_token");
}

TEST_P(StoreConformance, OAuthCreateGrantAsyncReportsEachWriteOnceAndAllOrNothing) {
  model::Account owner = created_account("async@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  model::Authorization base = authorization(owner);
  base.client_id = client.id;
  LK_ASSERT_OK(store().grants().create_grant(base, std::nullopt, event(owner.id, "oauth.granted")));
  const std::size_t events_before = store().audit().list(owner.id, 1000)->size();

  // 4 threads queue 50 grants each; every 7th reuses base's token hash and
  // must fail alone (its audit event with it), whatever batch it lands in.
  constexpr int kThreads = 4, kPerThread = 50, kAll = kThreads * kPerThread;
  std::vector<model::Authorization> grants;
  std::vector<model::AuditEvent> events;
  for (int i = 0; i < kAll; ++i) {
    grants.push_back(authorization(owner));
    grants.back().client_id = client.id;
    if (i % 7 == 3) grants.back().token_hash = base.token_hash;
    events.push_back(event(owner.id, "oauth.token_issued"));
  }
  std::vector<std::atomic<int>> calls(kAll);
  std::vector<std::string> outcomes(kAll);
  std::mutex mu;
  std::condition_variable cv;
  int finished = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t * kPerThread; i < (t + 1) * kPerThread; ++i) {
        store().grants().create_grant_async(grants[i], events[i], [&, i](Status st) {
          outcomes[i] = outcome(st);  // each index is written by its own callback only
          ++calls[i];
          std::lock_guard lock(mu);
          ++finished;
          cv.notify_all();
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return finished == kAll; }))
        << finished << " of " << kAll << " callbacks";
  }
  int ok = 0;
  for (int i = 0; i < kAll; ++i) {
    EXPECT_EQ(calls[i].load(), 1) << i;
    const bool clash = i % 7 == 3;
    EXPECT_EQ(outcomes[i], clash ? "conflict" : "ok") << i;
    EXPECT_EQ(store().authorizations().find(owner.id, grants[i].id).has_value(), !clash) << i;
    if (!clash) ++ok;
  }
  EXPECT_EQ(store().authorizations().list(owner.id)->size(), std::size_t(ok + 1));
  EXPECT_EQ(store().audit().list(owner.id, 1000)->size(), events_before + ok)
      << "one event per committed grant, none for a failed one";

  // The account must exist and be enabled when the grant commits.
  auto run = [&](model::Authorization a) {
    std::promise<Status> answer;
    auto future = answer.get_future();
    store().grants().create_grant_async(a, event(a.account_id, "oauth.token_issued"),
                                        [&](Status st) { answer.set_value(st); });
    return outcome(future.get());
  };
  model::Authorization ghost = authorization(account("ghost-async@example.com"));
  EXPECT_EQ(run(ghost), "not_found:account");
  owner.disabled = true;
  LK_ASSERT_OK(store().accounts().update(owner));
  model::Authorization late = authorization(owner);
  late.client_id = client.id;
  EXPECT_EQ(run(late), "forbidden");
  EXPECT_EQ(outcome(store().authorizations().find(owner.id, late.id)), "not_found:authorization");
  EXPECT_EQ(store().audit().list(owner.id, 1000)->size(), events_before + ok);
}

TEST_P(StoreConformance, OAuthRefreshRotationReplacesTheTokenOnce) {
  model::Account owner = created_account("rt2@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  model::Authorization authz = authorization(owner);
  authz.client_id = client.id;
  auto first = refresh_of(authz, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(authz, first, event(owner.id, "oauth.granted")));

  auto second = refresh_of(authz, next_hash(), kT0 + 100);
  second.family_expires_at = first.family_expires_at;
  model::Authorization rotated = authz;
  rotated.access_token_id = next_uuid();
  rotated.token_hash = next_hash();
  rotated.token_hint = "lko_new0**********9999";
  rotated.expires_at = kT0 + 100 + 28800;
  rotated.updated_at = kT0 + 100;
  LK_ASSERT_OK(store().grants().rotate_refresh(first.token_hash, kT0 + 100, second, rotated,
                                               event(owner.id, "oauth.refreshed")));
  EXPECT_EQ(store().grants().find_refresh(first.token_hash)->used_at, kT0 + 100);
  auto got = store().grants().find_refresh(second.token_hash);
  LK_ASSERT_OK(got);
  expect_same(second, *got);
  auto now_authz = store().authorizations().find_by_token_hash(rotated.token_hash);
  LK_ASSERT_OK(now_authz);
  EXPECT_EQ(now_authz->id, authz.id);
  EXPECT_EQ(now_authz->access_token_id, rotated.access_token_id);
  EXPECT_EQ(now_authz->token_hint, rotated.token_hint);
  EXPECT_EQ(now_authz->expires_at, rotated.expires_at);
  EXPECT_EQ(now_authz->updated_at, kT0 + 100);
  EXPECT_EQ(now_authz->created_at, authz.created_at);
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(authz.token_hash)),
            "not_found:authorization");
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "oauth.refreshed");

  // A replay of the old token is refused and changes nothing.
  auto third = refresh_of(authz, next_hash(), kT0 + 200);
  model::Authorization replayed = rotated;
  replayed.access_token_id = next_uuid();
  replayed.token_hash = next_hash();
  EXPECT_EQ(outcome(store().grants().rotate_refresh(first.token_hash, kT0 + 200, third, replayed,
                                                    event(owner.id, "oauth.replayed"))),
            "gone");
  EXPECT_EQ(outcome(store().grants().find_refresh(third.token_hash)), "not_found:refresh_token");
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(rotated.token_hash));
  EXPECT_EQ(store().grants().find_refresh(first.token_hash)->used_at, kT0 + 100);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "oauth.refreshed");

  // The new one rotates in turn.
  LK_EXPECT_OK(store().grants().rotate_refresh(second.token_hash, kT0 + 200, third, replayed,
                                               event(owner.id, "oauth.refreshed")));
}

TEST_P(StoreConformance, OAuthRefreshRotationIsAtomicWhenTheAuthorizationIsGone) {
  model::Account owner = created_account("rt3@example.com");
  model::Authorization authz = authorization(owner);
  auto first = refresh_of(authz, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(authz, first, event(owner.id, "oauth.granted")));
  auto next = refresh_of(authz, next_hash(), kT0 + 1);
  model::Authorization elsewhere = authz;  // names an authorization that does not exist
  elsewhere.id = next_uuid();
  elsewhere.token_hash = next_hash();
  elsewhere.access_token_id = next_uuid();
  EXPECT_EQ(outcome(store().grants().rotate_refresh(first.token_hash, kT0 + 1, next, elsewhere,
                                                    event(owner.id, "x"))),
            "not_found:authorization");
  EXPECT_FALSE(store().grants().find_refresh(first.token_hash)->used_at);
  EXPECT_EQ(outcome(store().grants().find_refresh(next.token_hash)), "not_found:refresh_token");
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(authz.token_hash));
}

// R2: one refresh token rotated by 20 threads at once, five times over.
TEST_P(StoreConformance, OAuthRefreshConcurrentRotationsHaveExactlyOneWinner) {
  constexpr int kThreads = 20;
  model::Account owner = created_account("rt4@example.com");
  model::Authorization authz = authorization(owner);
  auto current = refresh_of(authz, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(authz, current, event(owner.id, "oauth.granted")));
  for (int round = 0; round < 5; ++round) {
    std::vector<model::RefreshToken> nexts;
    std::vector<model::Authorization> rotateds;
    std::vector<model::AuditEvent> events;
    for (int t = 0; t < kThreads; ++t) {
      nexts.push_back(refresh_of(authz, next_hash(), kT0 + round + 1));
      rotateds.push_back(authz);
      rotateds.back().access_token_id = next_uuid();
      rotateds.back().token_hash = next_hash();
      events.push_back(event(owner.id, "oauth.refreshed"));
    }
    std::barrier start(kThreads);
    std::atomic<int> wins{0}, other{0}, winner{-1};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        auto r = store().grants().rotate_refresh(current.token_hash, kT0 + round + 1, nexts[t],
                                                 rotateds[t], events[t]);
        if (r) {
          ++wins;
          winner = t;
        } else if (r.error().code != ErrorCode::kGone) {
          ++other;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    ASSERT_GE(winner.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(store().grants().find_refresh(nexts[t].token_hash).has_value(), t == winner)
          << "round " << round << " thread " << t;
    }
    auto now_authz = store().authorizations().find(owner.id, authz.id);
    LK_ASSERT_OK(now_authz);
    EXPECT_EQ(now_authz->token_hash, rotateds[winner].token_hash);
    current = nexts[winner];
  }
}

TEST_P(StoreConformance, OAuthRemovingTheAuthorizationDeletesItsRefreshTokens) {
  model::Account owner = created_account("rt5@example.com");
  model::Authorization authz = authorization(owner);
  auto first = refresh_of(authz, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(authz, first, event(owner.id, "oauth.granted")));
  auto second = refresh_of(authz, next_hash(), kT0 + 1);
  model::Authorization rotated = authz;
  rotated.access_token_id = next_uuid();
  rotated.token_hash = next_hash();
  LK_ASSERT_OK(store().grants().rotate_refresh(first.token_hash, kT0 + 1, second, rotated,
                                               event(owner.id, "oauth.refreshed")));
  model::Authorization other = authorization(owner);
  auto kept = refresh_of(other, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().create_grant(other, kept, event(owner.id, "oauth.granted")));

  LK_ASSERT_OK(store().authorizations().remove(owner.id, authz.id, event(owner.id, "revoked")));
  EXPECT_EQ(outcome(store().grants().find_refresh(first.token_hash)), "not_found:refresh_token");
  EXPECT_EQ(outcome(store().grants().find_refresh(second.token_hash)), "not_found:refresh_token");
  LK_EXPECT_OK(store().grants().find_refresh(kept.token_hash));
  auto next = refresh_of(authz, next_hash(), kT0 + 2);
  EXPECT_EQ(outcome(store().grants().rotate_refresh(second.token_hash, kT0 + 2, next, rotated,
                                                    event(owner.id, "x"))),
            "gone");
}

// ---- consent -------------------------------------------------------------

TEST_P(StoreConformance, OAuthConsentPutFindAndReplace) {
  model::Account owner = created_account("cs1@example.com");
  model::Account user = created_account("cs2@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  EXPECT_EQ(outcome(store().grants().find_consent(user.id, client.id)), "not_found:consent");

  LK_ASSERT_OK(store().grants().put_consent(model::Consent{user.id, client.id, {"identity"}, kT0},
                                            event(user.id, "oauth.consented")));
  auto got = store().grants().find_consent(user.id, client.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->account_id, user.id);
  EXPECT_EQ(got->client_id, client.id);
  EXPECT_EQ(got->scope, std::vector<std::string>{"identity"});
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "oauth.consented");
  EXPECT_EQ(outcome(store().grants().find_consent(owner.id, client.id)), "not_found:consent");

  LK_ASSERT_OK(store().grants().put_consent(
      model::Consent{user.id, client.id, {"identity", "read"}, kT0 + 9}, event(user.id, "again")));
  got = store().grants().find_consent(user.id, client.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->scope, (std::vector<std::string>{"identity", "read"}));
  EXPECT_EQ(got->created_at, kT0 + 9);

  EXPECT_EQ(outcome(store().grants().put_consent(model::Consent{user.id, next_uuid(), {}, kT0},
                                                 event(user.id, "x"))),
            "not_found:client");
}

TEST_P(StoreConformance, OAuthRevokingAClientAuthorizationWithdrawsConsent) {
  model::Account owner = created_account("cs3@example.com");
  model::Account user = created_account("cs4@example.com");
  model::Account bystander = created_account("cs5@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  for (const auto* who : {&user, &bystander}) {
    LK_ASSERT_OK(store().grants().put_consent(model::Consent{who->id, client.id, {"global"}, kT0},
                                              event(who->id, "oauth.consented")));
  }
  model::Authorization authz = authorization(user);
  authz.client_id = client.id;
  LK_ASSERT_OK(store().grants().create_grant(authz, std::nullopt, event(user.id, "oauth.granted")));
  // A plain token of the same account leaves the consent alone.
  model::Authorization plain = created_authorization(user);
  LK_ASSERT_OK(store().authorizations().remove(user.id, plain.id, event(user.id, "revoked")));
  LK_EXPECT_OK(store().grants().find_consent(user.id, client.id));

  LK_ASSERT_OK(store().authorizations().remove(user.id, authz.id, event(user.id, "revoked")));
  EXPECT_EQ(outcome(store().grants().find_consent(user.id, client.id)), "not_found:consent");
  LK_EXPECT_OK(store().grants().find_consent(bystander.id, client.id));
}

TEST_P(StoreConformance, OAuthWithdrawingConsentTakesTheAccountsGrantsCodesAndConsentOnly) {
  model::Account owner = created_account("cw1@example.com");
  model::Account user = created_account("cw2@example.com");
  model::Account bystander = created_account("cw3@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  auto other_client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  LK_ASSERT_OK(store().clients().create(other_client, event(owner.id, "client.created")));
  std::vector<std::string> hashes;
  std::vector<model::RefreshToken> refreshes;
  for (int i = 0; i < 2; ++i) {  // two grants of the same client
    model::Authorization a = authorization(user);
    a.client_id = client.id;
    refreshes.push_back(refresh_of(a, next_hash(), kT0));
    LK_ASSERT_OK(store().grants().create_grant(a, refreshes.back(), event(user.id, "oauth.granted")));
    hashes.push_back(a.token_hash);
  }
  for (const auto* who : {&user, &bystander})
    LK_ASSERT_OK(store().grants().put_consent(model::Consent{who->id, client.id, {"global"}, kT0},
                                              event(who->id, "oauth.consented")));
  auto code = code_of(client, user, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));
  auto bystander_code = code_of(client, bystander, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(bystander_code));
  model::Authorization bystanders = authorization(bystander);
  bystanders.client_id = client.id;
  LK_ASSERT_OK(store().grants().create_grant(bystanders, std::nullopt, event(bystander.id, "oauth.granted")));
  model::Authorization other = authorization(user);
  other.client_id = other_client.id;
  LK_ASSERT_OK(store().grants().create_grant(other, std::nullopt, event(user.id, "oauth.granted")));
  model::Authorization personal = created_authorization(user);

  auto withdrawn = store().grants().withdraw_consent(user.id, client.id, event(user.id, "oauth.consent_withdrawn"));
  LK_ASSERT_OK(withdrawn);
  auto got = *withdrawn;
  std::sort(got.begin(), got.end());
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(got, hashes);
  for (const auto& h : hashes)
    EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(h)), "not_found:authorization");
  for (const auto& r : refreshes)
    EXPECT_EQ(outcome(store().grants().find_refresh(r.token_hash)), "not_found:refresh_token");
  EXPECT_EQ(outcome(store().grants().find_code(code.code_hash)), "not_found:code");
  EXPECT_EQ(outcome(store().grants().find_consent(user.id, client.id)), "not_found:consent");
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "oauth.consent_withdrawn");
  // Another account's grant, code and consent, another client's grant and plain tokens stay.
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(bystanders.token_hash));
  LK_EXPECT_OK(store().grants().find_code(bystander_code.code_hash));
  LK_EXPECT_OK(store().grants().find_consent(bystander.id, client.id));
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(other.token_hash));
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(personal.token_hash));

  // Nothing left to withdraw: not found, and nothing is audited.
  EXPECT_EQ(outcome(store().grants().withdraw_consent(user.id, client.id, event(user.id, "again"))),
            "not_found:consent");
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "oauth.consent_withdrawn");
  // A consent alone (its grants already gone) is enough to withdraw.
  LK_ASSERT_OK(store().authorizations().remove(user.id, other.id, event(user.id, "revoked")));
  LK_ASSERT_OK(store().grants().put_consent(model::Consent{user.id, other_client.id, {"read"}, kT0},
                                            event(user.id, "oauth.consented")));
  auto consent_only = store().grants().withdraw_consent(user.id, other_client.id, event(user.id, "w"));
  LK_ASSERT_OK(consent_only);
  EXPECT_TRUE(consent_only->empty());
  EXPECT_EQ(outcome(store().grants().find_consent(user.id, other_client.id)), "not_found:consent");
}

TEST_P(StoreConformance, OAuthRemovingAClientTakesItsGrantsCodesAndConsents) {
  model::Account owner = created_account("cs6@example.com");
  model::Account user = created_account("cs7@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  auto other_client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  LK_ASSERT_OK(store().clients().create(other_client, event(owner.id, "client.created")));

  std::vector<std::string> hashes;
  std::vector<model::RefreshToken> refreshes;
  for (const auto* who : {&user, &owner}) {
    model::Authorization a = authorization(*who);
    a.client_id = client.id;
    refreshes.push_back(refresh_of(a, next_hash(), kT0));
    LK_ASSERT_OK(store().grants().create_grant(a, refreshes.back(), event(who->id, "oauth.granted")));
    hashes.push_back(a.token_hash);
    LK_ASSERT_OK(store().grants().put_consent(model::Consent{who->id, client.id, {"global"}, kT0},
                                              event(who->id, "oauth.consented")));
  }
  auto code = code_of(client, user, next_hash(), kT0);
  LK_ASSERT_OK(store().grants().put_code(code));
  model::Authorization kept = authorization(user);
  kept.client_id = other_client.id;
  LK_ASSERT_OK(store().grants().create_grant(kept, std::nullopt, event(user.id, "oauth.granted")));
  LK_ASSERT_OK(store().grants().put_consent(model::Consent{user.id, other_client.id, {"global"}, kT0},
                                            event(user.id, "oauth.consented")));
  model::Authorization personal = created_authorization(user);

  auto removed = store().clients().remove(owner.id, client.id, event(owner.id, "client.deleted"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->client.id, client.id);
  auto got = removed->token_hashes;
  std::sort(got.begin(), got.end());
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(got, hashes);
  for (const auto& h : hashes) {
    EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(h)), "not_found:authorization");
  }
  for (const auto& r : refreshes) {
    EXPECT_EQ(outcome(store().grants().find_refresh(r.token_hash)), "not_found:refresh_token");
  }
  EXPECT_EQ(outcome(store().grants().find_code(code.code_hash)), "not_found:code");
  EXPECT_EQ(outcome(store().grants().find_consent(user.id, client.id)), "not_found:consent");
  EXPECT_EQ(outcome(store().grants().find_consent(owner.id, client.id)), "not_found:consent");
  // Another client's grant and consent, and plain tokens, stay.
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(kept.token_hash));
  LK_EXPECT_OK(store().grants().find_consent(user.id, other_client.id));
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(personal.token_hash));
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "client.deleted");
}

// ---- device and CLI browser logins ---------------------------------------

TEST_P(StoreConformance, DeviceGrantCreateAndFindRoundTripEveryField) {
  model::Account user = created_account("dg1@example.com");
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  auto got = store().devices().find(device.id);
  LK_ASSERT_OK(got);
  expect_same(device, *got);
  EXPECT_EQ(got->status, "pending");
  EXPECT_EQ(got->interval_s, 5);
  got = store().devices().find_by_secret(device.secret_hash);
  LK_ASSERT_OK(got);
  expect_same(device, *got);
  got = store().devices().find_by_user_code("BCDFGHJK");
  LK_ASSERT_OK(got);
  expect_same(device, *got);

  // A CLI browser login has no user code; every optional field set round-trips.
  auto browser = device_of(next_uuid(), next_hash(), next_uuid(), std::nullopt, kT0);
  browser.interval_s = 2;
  browser.last_poll_at = kT0 + 1;
  browser.status = "approved";
  browser.account_id = user.id;
  browser.decided_at = kT0 + 2;
  LK_ASSERT_OK(store().devices().create(browser));
  got = store().devices().find(browser.id);
  LK_ASSERT_OK(got);
  expect_same(browser, *got);

  EXPECT_EQ(outcome(store().devices().find(next_uuid())), "not_found:device_grant");
  EXPECT_EQ(outcome(store().devices().find_by_secret(next_hash())), "not_found:device_grant");
  EXPECT_EQ(outcome(store().devices().find_by_user_code("ZZZZZZZZ")), "not_found:device_grant");
}

TEST_P(StoreConformance, DeviceGrantSecretsAndPendingUserCodesAreUnique) {
  model::Account user = created_account("dg2@example.com");
  auto first = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(first));
  EXPECT_EQ(outcome(store().devices().create(
                device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0))),
            "conflict");
  EXPECT_EQ(outcome(store().devices().create(
                device_of(next_uuid(), first.secret_hash, next_uuid(), "LMNPQRST", kT0))),
            "conflict");
  EXPECT_EQ(outcome(store().devices().create(
                device_of(first.id, next_hash(), next_uuid(), "LMNPQRST", kT0))),
            "conflict");
  // Once the first is no longer pending its user code may be issued again.
  LK_ASSERT_OK(store().devices().decide(first.id, true, user.id, kT0 + 1, event(user.id, "approved")));
  auto reissued = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0 + 2);
  LK_ASSERT_OK(store().devices().create(reissued));
  EXPECT_EQ(store().devices().find_by_user_code("BCDFGHJK")->id, reissued.id);
}

TEST_P(StoreConformance, DeviceGrantPollingTooFastSlowsDownForGood) {
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  auto p = store().devices().poll(device.secret_hash, kT0 + 10, 5);
  LK_ASSERT_OK(p);
  EXPECT_FALSE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 5);
  EXPECT_EQ(p->grant.last_poll_at, kT0 + 10);
  EXPECT_EQ(p->grant.id, device.id);

  p = store().devices().poll(device.secret_hash, kT0 + 12, 5);  // 2 s < 5 s
  LK_ASSERT_OK(p);
  EXPECT_TRUE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 10);
  EXPECT_EQ(p->grant.last_poll_at, kT0 + 12);
  EXPECT_EQ(store().devices().find(device.id)->interval_s, 10);

  p = store().devices().poll(device.secret_hash, kT0 + 17, 5);  // at the old 5 s: told, not punished
  LK_ASSERT_OK(p);
  EXPECT_TRUE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 10);

  p = store().devices().poll(device.secret_hash, kT0 + 27, 5);  // at the new 10 s
  LK_ASSERT_OK(p);
  EXPECT_FALSE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 10);
  p = store().devices().poll(device.secret_hash, kT0 + 28, 5);  // hammering again: +5
  LK_ASSERT_OK(p);
  EXPECT_TRUE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 15);
  p = store().devices().poll(device.secret_hash, kT0 + 50, 5);
  LK_ASSERT_OK(p);
  EXPECT_FALSE(p->slow_down);
  EXPECT_EQ(p->grant.interval_s, 15);
  auto stored = store().devices().find(device.id);
  EXPECT_EQ(stored->interval_s, 15);
  EXPECT_EQ(stored->last_poll_at, kT0 + 50);

  EXPECT_EQ(outcome(store().devices().poll(next_hash(), kT0, 5)), "not_found:device_grant");
}

TEST_P(StoreConformance, DeviceGrantIsDecidedOnceBeforeItExpires) {
  model::Account user = created_account("dg3@example.com");
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  LK_ASSERT_OK(store().devices().decide(device.id, true, user.id, kT0 + 30,
                                        event(user.id, "device.approved")));
  auto got = store().devices().find(device.id);
  EXPECT_EQ(got->status, "approved");
  EXPECT_EQ(got->account_id, user.id);
  EXPECT_EQ(got->decided_at, kT0 + 30);
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "device.approved");
  EXPECT_EQ(outcome(store().devices().find_by_user_code("BCDFGHJK")), "not_found:device_grant");
  EXPECT_EQ(outcome(store().devices().decide(device.id, false, user.id, kT0 + 31,
                                             event(user.id, "device.denied"))),
            "gone");
  EXPECT_EQ(store().devices().find(device.id)->status, "approved");
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "device.approved");

  auto late = device_of(next_uuid(), next_hash(), next_uuid(), "LMNPQRST", kT0);
  LK_ASSERT_OK(store().devices().create(late));
  EXPECT_EQ(outcome(store().devices().decide(late.id, true, user.id, late.expires_at,
                                             event(user.id, "device.approved"))),
            "gone");
  got = store().devices().find(late.id);
  EXPECT_EQ(got->status, "pending");
  EXPECT_FALSE(got->account_id);
  EXPECT_FALSE(got->decided_at);
}

TEST_P(StoreConformance, DeviceGrantDeniedCannotBeRedeemed) {
  model::Account user = created_account("dg4@example.com");
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  LK_ASSERT_OK(store().devices().decide(device.id, false, user.id, kT0 + 5,
                                        event(user.id, "device.denied")));
  auto got = store().devices().find(device.id);
  EXPECT_EQ(got->status, "denied");
  EXPECT_EQ(got->decided_at, kT0 + 5);
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "device.denied");
  EXPECT_EQ(outcome(store().devices().decide(device.id, true, user.id, kT0 + 6, event(user.id, "x"))),
            "gone");
  model::Authorization authz = authorization(user);
  EXPECT_EQ(outcome(store().devices().redeem(device.secret_hash, kT0 + 7, authz, std::nullopt,
                                             std::nullopt, event(user.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(authz.token_hash)),
            "not_found:authorization");
}

TEST_P(StoreConformance, DeviceGrantRedeemsOnlyOnceAfterApproval) {
  model::Account user = created_account("dg5@example.com");
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  model::Authorization early = authorization(user);
  EXPECT_EQ(outcome(store().devices().redeem(device.secret_hash, kT0 + 1, early, std::nullopt,
                                             std::nullopt, event(user.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(early.token_hash)),
            "not_found:authorization");
  EXPECT_EQ(store().devices().find(device.id)->status, "pending");

  LK_ASSERT_OK(store().devices().decide(device.id, true, user.id, kT0 + 2, event(user.id, "ok")));
  model::Authorization authz = authorization(user, kT0 + 3);
  authz.client_id = device.client_id;
  auto refresh = refresh_of(authz, next_hash(), kT0 + 3);
  LK_ASSERT_OK(store().devices().redeem(device.secret_hash, kT0 + 3, authz, std::nullopt, refresh,
                                        event(user.id, "device.redeemed")));
  EXPECT_EQ(store().devices().find(device.id)->status, "redeemed");
  auto got = store().authorizations().find_by_token_hash(authz.token_hash);
  LK_ASSERT_OK(got);
  EXPECT_FALSE(got->session_id);
  LK_EXPECT_OK(store().grants().find_refresh(refresh.token_hash));
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "device.redeemed");
  EXPECT_EQ(outcome(store().devices().find_by_user_code("BCDFGHJK")), "not_found:device_grant");

  model::Authorization again = authorization(user, kT0 + 4);
  EXPECT_EQ(outcome(store().devices().redeem(device.secret_hash, kT0 + 4, again, std::nullopt,
                                             std::nullopt, event(user.id, "x"))),
            "gone");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(again.token_hash)),
            "not_found:authorization");
  EXPECT_EQ(outcome(store().devices().decide(device.id, true, user.id, kT0 + 5, event(user.id, "x"))),
            "gone");
}

TEST_P(StoreConformance, DeviceGrantApprovedButExpiredCannotBeRedeemed) {
  model::Account user = created_account("dg6@example.com");
  auto device = device_of(next_uuid(), next_hash(), next_uuid(), "BCDFGHJK", kT0);
  LK_ASSERT_OK(store().devices().create(device));
  LK_ASSERT_OK(store().devices().decide(device.id, true, user.id, kT0 + 2, event(user.id, "ok")));
  model::Authorization authz = authorization(user);
  EXPECT_EQ(outcome(store().devices().redeem(device.secret_hash, device.expires_at, authz,
                                             std::nullopt, std::nullopt, event(user.id, "x"))),
            "gone");
  EXPECT_EQ(store().devices().find(device.id)->status, "approved");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(authz.token_hash)),
            "not_found:authorization");
}

TEST_P(StoreConformance, DeviceGrantRedeemWithASessionCreatesAndBindsIt) {
  model::Account user = created_account("dg7@example.com");
  auto login = device_of(next_uuid(), next_hash(), next_uuid(), std::nullopt, kT0);
  LK_ASSERT_OK(store().devices().create(login));
  LK_ASSERT_OK(store().devices().decide(login.id, true, user.id, kT0 + 2, event(user.id, "ok")));
  model::Session s = session(user, kT0 + 3);
  model::Authorization authz = authorization(user, kT0 + 3);  // session_id left for the store
  LK_ASSERT_OK(store().devices().redeem(login.secret_hash, kT0 + 3, authz, s, std::nullopt,
                                        event(user.id, "login.redeemed")));
  auto got_session = store().sessions().find(user.id, s.id);
  LK_ASSERT_OK(got_session);
  expect_same(s, *got_session);
  auto got = store().authorizations().find_by_token_hash(authz.token_hash);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->session_id, s.id);
  // Ending the session ends the login's token too.
  auto removed = store().sessions().remove(user.id, s.id, event(user.id, "session.deleted"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->token_hashes, std::vector<std::string>{authz.token_hash});
}

TEST_P(StoreConformance, DeviceGrantRedeemIsAtomicWhenTheGrantCannotBeCreated) {
  model::Account user = created_account("dg8@example.com");
  model::Authorization existing = created_authorization(user);
  auto login = device_of(next_uuid(), next_hash(), next_uuid(), std::nullopt, kT0);
  LK_ASSERT_OK(store().devices().create(login));
  LK_ASSERT_OK(store().devices().decide(login.id, true, user.id, kT0 + 2, event(user.id, "ok")));
  model::Session s = session(user, kT0 + 3);
  model::Authorization clash = authorization(user, kT0 + 3);
  clash.token_hash = existing.token_hash;
  EXPECT_EQ(outcome(store().devices().redeem(login.secret_hash, kT0 + 3, clash, s, std::nullopt,
                                             event(user.id, "x"))),
            "conflict");
  EXPECT_EQ(store().devices().find(login.id)->status, "approved");
  EXPECT_EQ(outcome(store().sessions().find(user.id, s.id)), "not_found:session");
}

// R2: one approved login redeemed by 10 polling threads at once, five times over.
TEST_P(StoreConformance, DeviceGrantConcurrentRedemptionsHaveExactlyOneWinner) {
  constexpr int kThreads = 10;
  model::Account user = created_account("dg9@example.com");
  for (int round = 0; round < 5; ++round) {
    auto login = device_of(next_uuid(), next_hash(), next_uuid(), std::nullopt, kT0);
    LK_ASSERT_OK(store().devices().create(login));
    LK_ASSERT_OK(store().devices().decide(login.id, true, user.id, kT0 + 1, event(user.id, "ok")));
    std::vector<model::Session> sessions;
    std::vector<model::Authorization> authzs;
    std::vector<model::AuditEvent> events;
    for (int t = 0; t < kThreads; ++t) {
      sessions.push_back(session(user, kT0 + 2));
      authzs.push_back(authorization(user, kT0 + 2));
      events.push_back(event(user.id, "login.redeemed"));
    }
    std::barrier start(kThreads);
    std::atomic<int> wins{0}, other{0}, winner{-1};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        auto r = store().devices().redeem(login.secret_hash, kT0 + 2, authzs[t], sessions[t],
                                          std::nullopt, events[t]);
        if (r) {
          ++wins;
          winner = t;
        } else if (r.error().code != ErrorCode::kGone) {
          ++other;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(store().sessions().find(user.id, sessions[t].id).has_value(), t == winner)
          << "round " << round << " thread " << t;
    }
  }
  EXPECT_EQ(store().sessions().list(user.id)->size(), 5u);
}

// ---- signing keys --------------------------------------------------------

TEST_P(StoreConformance, SigningKeysListNewestFirstAndKidsAreUnique) {
  EXPECT_TRUE(store().signing_keys().list()->empty());
  LK_ASSERT_OK(store().signing_keys().add(key_of("k-mid", kT0 + 10)));
  LK_ASSERT_OK(store().signing_keys().add(key_of("k-new", kT0 + 20)));
  LK_ASSERT_OK(store().signing_keys().add(key_of("k-old", kT0)));
  auto keys = store().signing_keys().list();
  LK_ASSERT_OK(keys);
  EXPECT_EQ(kids(keys), (std::vector<std::string>{"k-new", "k-mid", "k-old"}));
  const auto& newest = keys->front();
  EXPECT_EQ(newest.private_sealed, "sealed:k-new");
  EXPECT_EQ(newest.public_jwk, R"({"kty":"EC","kid":"k-new"})");
  EXPECT_EQ(newest.created_at, kT0 + 20);
  EXPECT_FALSE(newest.retired_at);
  EXPECT_EQ(outcome(store().signing_keys().add(key_of("k-mid", kT0 + 30))), "conflict");
  EXPECT_EQ(store().signing_keys().list()->size(), 3u);
}

TEST_P(StoreConformance, SigningKeysRetireAndRemoveOnlyThoseRetiredBefore) {
  LK_ASSERT_OK(store().signing_keys().add(key_of("k1", kT0)));
  LK_ASSERT_OK(store().signing_keys().add(key_of("k2", kT0 + 1)));
  LK_ASSERT_OK(store().signing_keys().add(key_of("k3", kT0 + 2)));
  LK_ASSERT_OK(store().signing_keys().add(key_of("k4", kT0 + 3)));
  LK_ASSERT_OK(store().signing_keys().retire("k1", kT0 + 100));
  LK_ASSERT_OK(store().signing_keys().retire("k2", kT0 + 200));
  LK_ASSERT_OK(store().signing_keys().retire("k3", kT0 + 300));
  auto keys = store().signing_keys().list();
  LK_ASSERT_OK(keys);
  ASSERT_EQ(keys->size(), 4u);
  EXPECT_FALSE((*keys)[0].retired_at);
  EXPECT_EQ((*keys)[1].retired_at, kT0 + 300);
  EXPECT_EQ((*keys)[3].retired_at, kT0 + 100);
  EXPECT_EQ(outcome(store().signing_keys().retire("nope", kT0)), "not_found:signing_key");
  LK_ASSERT_OK(store().signing_keys().retire("k1", kT0 + 999));  // the first retirement stands
  EXPECT_EQ(store().signing_keys().list()->back().retired_at, kT0 + 100);

  LK_ASSERT_OK(store().signing_keys().remove_retired(kT0 + 200));  // k2 retired at, not before
  EXPECT_EQ(kids(store().signing_keys().list()), (std::vector<std::string>{"k4", "k3", "k2"}));
  LK_ASSERT_OK(store().signing_keys().remove_retired(kT0 + 1000));
  EXPECT_EQ(kids(store().signing_keys().list()), std::vector<std::string>{"k4"});
}

// ---- browser sessions ----------------------------------------------------

TEST_P(StoreConformance, BrowserSessionCreateAndFindByCookie) {
  model::Account user = created_account("bs1@example.com");
  model::Session s = session(user);
  s.kind = "browser";
  s.token_hash = next_hash();
  s.stage = "second_factor";
  s.last_seen_at = kT0;
  s.authenticated_at = kT0 - 5;
  LK_ASSERT_OK(store().sessions().create(s, event(user.id, "session.created")));
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "session.created");
  auto got = store().sessions().find_by_token_hash(*s.token_hash);
  LK_ASSERT_OK(got);
  expect_same(s, *got);
  got = store().sessions().find(user.id, s.id);
  LK_ASSERT_OK(got);
  expect_same(s, *got);
  EXPECT_EQ(outcome(store().sessions().find_by_token_hash(next_hash())), "not_found:session");

  model::Session twin = session(user);
  twin.kind = "browser";
  twin.token_hash = s.token_hash;
  EXPECT_EQ(outcome(store().sessions().create(twin, event(user.id, "x"))), "conflict");
  EXPECT_EQ(outcome(store().sessions().find(user.id, twin.id)), "not_found:session");
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "session.created");

  model::Session orphan = session(account("ghost@example.com"));
  orphan.kind = "browser";
  orphan.token_hash = next_hash();
  EXPECT_EQ(outcome(store().sessions().create(orphan, event("", "x"))), "not_found:account");
}

TEST_P(StoreConformance, BrowserSessionRotatesOnlyFromTheCurrentCookie) {
  model::Account user = created_account("bs2@example.com");
  model::Session s = session(user);
  s.kind = "browser";
  s.token_hash = next_hash();
  s.stage = "second_factor";
  s.last_seen_at = kT0;
  LK_ASSERT_OK(store().sessions().create(s, event(user.id, "session.created")));

  model::Session next = s;
  next.token_hash = next_hash();
  next.stage = "full";
  next.authenticated_at = kT0 + 10;
  next.last_seen_at = kT0 + 10;
  next.expires_at = kT0 + 10 + 86400;
  next.updated_at = kT0 + 10;
  next.description = "not copied";
  LK_ASSERT_OK(store().sessions().rotate(*s.token_hash, next, event(user.id, "session.rotated")));
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "session.rotated");
  EXPECT_EQ(outcome(store().sessions().find_by_token_hash(*s.token_hash)), "not_found:session");
  auto got = store().sessions().find_by_token_hash(*next.token_hash);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->id, s.id);
  EXPECT_EQ(got->stage, "full");
  EXPECT_EQ(got->authenticated_at, kT0 + 10);
  EXPECT_EQ(got->last_seen_at, kT0 + 10);
  EXPECT_EQ(got->expires_at, kT0 + 10 + 86400);
  EXPECT_EQ(got->updated_at, kT0 + 10);
  EXPECT_EQ(got->created_at, s.created_at);
  EXPECT_EQ(got->description, s.description);

  // The stale cookie cannot rotate again (it was rotated meanwhile).
  model::Session stale = next;
  stale.token_hash = next_hash();
  EXPECT_EQ(outcome(store().sessions().rotate(*s.token_hash, stale, event(user.id, "x"))), "gone");
  EXPECT_EQ(outcome(store().sessions().find_by_token_hash(*stale.token_hash)), "not_found:session");
  LK_EXPECT_OK(store().sessions().find_by_token_hash(*next.token_hash));
  EXPECT_EQ(store().audit().list(user.id, 1)->front().action, "session.rotated");
}

TEST_P(StoreConformance, BrowserSessionTouchOnlyMovesForwardAndRemoveEndsIt) {
  model::Account user = created_account("bs3@example.com");
  model::Session s = session(user);
  s.kind = "browser";
  s.token_hash = next_hash();
  LK_ASSERT_OK(store().sessions().create(s, event(user.id, "session.created")));
  EXPECT_FALSE(store().sessions().find(user.id, s.id)->last_seen_at);
  LK_ASSERT_OK(store().sessions().touch(s.id, kT0 + 50));
  EXPECT_EQ(store().sessions().find(user.id, s.id)->last_seen_at, kT0 + 50);
  LK_ASSERT_OK(store().sessions().touch(s.id, kT0 + 20));
  EXPECT_EQ(store().sessions().find(user.id, s.id)->last_seen_at, kT0 + 50);
  LK_ASSERT_OK(store().sessions().touch(s.id, kT0 + 80));
  EXPECT_EQ(store().sessions().find(user.id, s.id)->last_seen_at, kT0 + 80);

  auto removed = store().sessions().remove(user.id, s.id, event(user.id, "session.ended"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->session.token_hash, s.token_hash);
  EXPECT_TRUE(removed->token_hashes.empty());
  EXPECT_EQ(outcome(store().sessions().find_by_token_hash(*s.token_hash)), "not_found:session");
  model::Session next = s;
  next.token_hash = next_hash();
  EXPECT_EQ(outcome(store().sessions().rotate(*s.token_hash, next, event(user.id, "x"))), "gone");
}

// ---- purge ---------------------------------------------------------------

TEST_P(StoreConformance, OAuthPurgeDropsOnlyCodesAndGrantsExpiredBefore) {
  model::Account owner = created_account("pg1@example.com");
  auto client = client_of(owner, next_uuid(), next_hash());
  LK_ASSERT_OK(store().clients().create(client, event(owner.id, "client.created")));
  const UnixTime before = kT0 + 1000;

  auto old_code = code_of(client, owner, next_hash(), before - kCodeTtl - 1);  // expires before-1
  auto edge_code = code_of(client, owner, next_hash(), before - kCodeTtl);     // expires at before
  auto live_code = code_of(client, owner, next_hash(), before);
  for (const auto* c : {&old_code, &edge_code, &live_code}) {
    LK_ASSERT_OK(store().grants().put_code(*c));
  }
  LK_ASSERT_OK(store().grants().burn_code(old_code.code_hash, before - 100));

  const UnixTime old_at = before - kDeviceTtl - 1, edge_at = before - kDeviceTtl;
  auto old_device = device_of(next_uuid(), next_hash(), client.id, "BCDFGHJK", old_at);
  auto edge_device = device_of(next_uuid(), next_hash(), client.id, std::nullopt, edge_at);
  auto live_device = device_of(next_uuid(), next_hash(), client.id, "LMNPQRST", before);
  for (const auto* g : {&old_device, &edge_device, &live_device}) {
    LK_ASSERT_OK(store().devices().create(*g));
  }

  // Refresh tokens, consents and authorizations are not purge()'s business.
  model::Authorization authz = authorization(owner, kT0);
  authz.client_id = client.id;
  auto refresh = refresh_of(authz, next_hash(), kT0);
  refresh.family_expires_at = kT0 + 1;
  LK_ASSERT_OK(store().grants().create_grant(authz, refresh, event(owner.id, "oauth.granted")));
  LK_ASSERT_OK(store().grants().put_consent(model::Consent{owner.id, client.id, {"global"}, kT0},
                                            event(owner.id, "oauth.consented")));

  LK_ASSERT_OK(store().grants().purge(before));
  EXPECT_EQ(outcome(store().grants().find_code(old_code.code_hash)), "not_found:code");
  LK_EXPECT_OK(store().grants().find_code(edge_code.code_hash));
  LK_EXPECT_OK(store().grants().find_code(live_code.code_hash));
  EXPECT_EQ(outcome(store().devices().find(old_device.id)), "not_found:device_grant");
  LK_EXPECT_OK(store().devices().find(edge_device.id));
  LK_EXPECT_OK(store().devices().find(live_device.id));
  LK_EXPECT_OK(store().grants().find_refresh(refresh.token_hash));
  LK_EXPECT_OK(store().grants().find_consent(owner.id, client.id));
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(authz.token_hash));
  // The purged grant's user code is free again.
  LK_EXPECT_OK(
      store().devices().create(device_of(next_uuid(), next_hash(), client.id, "BCDFGHJK", before)));
}

}  // namespace latchkey::store::testing
