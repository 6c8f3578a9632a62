// Conformance suite, part 1: fixture, builders, accounts, authorizations.
#include "store_conformance.h"

#include <algorithm>
#include <cstdio>

#include "store_test_util.h"

namespace latchkey::store::testing {

std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

void StoreConformance::SetUp() {
  store_ = GetParam().make();
  if (!store_) GTEST_SKIP() << "backend " << GetParam().name << " not available here";
}

std::string StoreConformance::next_uuid() {
  char buf[40];
  std::snprintf(buf, sizeof buf, "00000000-0000-4000-8000-%012d", ++counter_);
  return buf;
}

std::string StoreConformance::next_hash() {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%056d%08x", 0, ++counter_);
  return buf;
}

model::Account StoreConformance::account(const std::string& email, UnixTime at) {
  model::Account a;
  a.id = next_uuid();
  a.email = email;
  a.name = "Name of " + email;
  a.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  a.created_at = at;
  a.updated_at = at;
  return a;
}

model::AuditEvent StoreConformance::event(const std::string& account_id, const std::string& action,
                                          UnixTime at) {
  model::AuditEvent e;
  e.id = next_uuid();
  e.account_id = account_id;
  e.action = action;
  e.detail = R"({"k":"v"})";
  e.ip = "192.0.2.1";
  e.created_at = at;
  return e;
}

model::Authorization StoreConformance::authorization(const model::Account& owner, UnixTime at) {
  model::Authorization a;
  a.id = next_uuid();
  a.account_id = owner.id;
  a.description = "token " + a.id;
  a.scope = {"global"};
  a.access_token_id = next_uuid();
  a.token_hash = next_hash();
  a.token_hint = "lko_abcd**********wxyz";
  a.created_at = at;
  a.updated_at = at;
  a.created_ip = "192.0.2.7";
  a.created_user_agent = "heroku-cli/8.0.0";
  return a;
}

model::Session StoreConformance::session(const model::Account& owner, UnixTime at) {
  model::Session s;
  s.id = next_uuid();
  s.account_id = owner.id;
  s.kind = "cli";
  s.description = "CLI login from host";
  s.created_at = at;
  s.updated_at = at;
  s.expires_at = at + 30 * 86400;
  s.created_ip = "192.0.2.9";
  s.user_agent = "latchkey/0.1";
  return s;
}

model::OneTimeSecret StoreConformance::secret(const std::string& purpose, UnixTime expires_at) {
  return model::OneTimeSecret{next_hash(), purpose, next_uuid(), kT0, expires_at};
}

model::Account StoreConformance::created_account(const std::string& email) {
  model::Account a = account(email);
  auto st = store().accounts().create(a, event(a.id, "account.created"));
  EXPECT_TRUE(st.has_value()) << "create account " << email << ": " << detail(st);
  return a;
}

model::Authorization StoreConformance::created_authorization(const model::Account& owner,
                                                             UnixTime at) {
  model::Authorization a = authorization(owner, at);
  auto st = store().authorizations().create(a, event(owner.id, "authorization.created", at));
  EXPECT_TRUE(st.has_value()) << "create authorization: " << detail(st);
  return a;
}

namespace {

void expect_same(const model::Account& want, const model::Account& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.email, want.email);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.password_hash, want.password_hash);
  EXPECT_EQ(got.is_admin, want.is_admin);
  EXPECT_EQ(got.disabled, want.disabled);
  EXPECT_EQ(got.two_factor_enabled, want.two_factor_enabled);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.last_login, want.last_login);
}

void expect_same(const model::Authorization& want, const model::Authorization& got) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.account_id, want.account_id);
  EXPECT_EQ(got.description, want.description);
  EXPECT_EQ(got.scope, want.scope);
  EXPECT_EQ(got.access_token_id, want.access_token_id);
  EXPECT_EQ(got.token_hash, want.token_hash);
  EXPECT_EQ(got.token_hint, want.token_hint);
  EXPECT_EQ(got.token_encrypted, want.token_encrypted);
  EXPECT_EQ(got.is_api_key, want.is_api_key);
  EXPECT_EQ(got.session_id, want.session_id);
  EXPECT_EQ(got.client_id, want.client_id);
  EXPECT_EQ(got.expires_at, want.expires_at);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.created_ip, want.created_ip);
  EXPECT_EQ(got.created_user_agent, want.created_user_agent);
  EXPECT_EQ(got.last_used_at, want.last_used_at);
  EXPECT_EQ(got.last_used_ip, want.last_used_ip);
}

std::vector<std::string> actions(const Result<std::vector<model::AuditEvent>>& events) {
  std::vector<std::string> out;
  if (events) {
    for (const auto& e : *events) out.push_back(e.action);
  }
  return out;
}

}  // namespace

// ---- accounts ------------------------------------------------------------

TEST_P(StoreConformance, AccountCreateThenFindByIdAndEmailRoundTripsEveryField) {
  model::Account a = account("alice@example.com");
  a.is_admin = true;
  a.two_factor_enabled = true;
  a.last_login = kT0 + 5;
  LK_ASSERT_OK(store().accounts().create(a, event(a.id, "account.created")));

  auto by_id = store().accounts().find_by_id(a.id);
  LK_ASSERT_OK(by_id);
  expect_same(a, *by_id);
  auto by_email = store().accounts().find_by_email("alice@example.com");
  LK_ASSERT_OK(by_email);
  expect_same(a, *by_email);
  EXPECT_EQ(actions(store().audit().list(a.id, 10)), std::vector<std::string>{"account.created"});
}

TEST_P(StoreConformance, AccountEmailIsCaseInsensitive) {
  model::Account a = created_account("bob@example.com");
  auto found = store().accounts().find_by_email("BOB@Example.COM");
  LK_ASSERT_OK(found);
  EXPECT_EQ(found->id, a.id);

  model::Account dup = account("Bob@EXAMPLE.com");
  EXPECT_EQ(outcome(store().accounts().create(dup, event(dup.id, "account.created"))), "conflict");
}

TEST_P(StoreConformance, AccountDuplicateEmailConflictsAndWritesNoAuditEvent) {
  created_account("carol@example.com");
  model::Account dup = account("carol@example.com");
  EXPECT_EQ(outcome(store().accounts().create(dup, event(dup.id, "account.created"))), "conflict");
  EXPECT_EQ(outcome(store().accounts().find_by_id(dup.id)), "not_found:account");
  EXPECT_TRUE(actions(store().audit().list(dup.id, 10)).empty());
  EXPECT_EQ(store().accounts().count().value_or(-1), 1);
}

TEST_P(StoreConformance, AccountCreateIsAtomicWhenTheAuditInsertFails) {
  model::Account first = account("dave@example.com");
  model::AuditEvent ev = event(first.id, "account.created");
  LK_ASSERT_OK(store().accounts().create(first, ev));
  model::Account second = account("erin@example.com");
  ev.account_id = second.id;  // same event id again: the audit insert fails
  EXPECT_EQ(outcome(store().accounts().create(second, ev)), "conflict");
  EXPECT_EQ(outcome(store().accounts().find_by_id(second.id)), "not_found:account");
}

TEST_P(StoreConformance, AccountMissingIsNotFoundWithResource) {
  EXPECT_EQ(outcome(store().accounts().find_by_id(next_uuid())), "not_found:account");
  EXPECT_EQ(outcome(store().accounts().find_by_email("nobody@example.com")), "not_found:account");
  EXPECT_EQ(outcome(store().accounts().update(account("ghost@example.com"))), "not_found:account");
}

TEST_P(StoreConformance, AccountUpdateReplacesMutableFields) {
  model::Account a = created_account("frank@example.com");
  a.name = "Frank";
  a.email = "frank.new@example.com";
  a.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$bmV3$bmV3";
  a.is_admin = true;
  a.disabled = true;
  a.updated_at = kT0 + 100;
  a.last_login = kT0 + 90;
  LK_ASSERT_OK(store().accounts().update(a));
  auto got = store().accounts().find_by_id(a.id);
  LK_ASSERT_OK(got);
  expect_same(a, *got);
  // two_factor_enabled belongs to MfaStore: a (possibly stale) Account copy
  // written back never switches MFA on or off.
  a.two_factor_enabled = true;
  LK_ASSERT_OK(store().accounts().update(a));
  EXPECT_FALSE(store().accounts().find_by_id(a.id)->two_factor_enabled);
  a.two_factor_enabled = false;
  EXPECT_EQ(outcome(store().accounts().find_by_email("frank@example.com")), "not_found:account");

  a.last_login.reset();
  LK_ASSERT_OK(store().accounts().update(a));
  EXPECT_EQ(store().accounts().find_by_id(a.id)->last_login, std::nullopt);
}

TEST_P(StoreConformance, AccountUpdateToATakenEmailConflicts) {
  created_account("gina@example.com");
  model::Account h = created_account("hank@example.com");
  model::Account changed = h;
  changed.email = "gina@example.com";
  changed.name = "should not stick";
  EXPECT_EQ(outcome(store().accounts().update(changed)), "conflict");
  EXPECT_EQ(store().accounts().find_by_id(h.id)->name, h.name);
}

// The services' narrow writes change only their own columns, and the
// conditional ones lose to whatever changed the row meanwhile: a sign-in
// checked against an old hash, or finishing after a disable, is refused; a
// password change over a stale hash is refused; a stale copy never re-enables
// an account or restores an old password.
TEST_P(StoreConformance, AccountNarrowWritesNeverUndoAConcurrentChange) {
  model::Account a = created_account("ivy@example.com");
  const std::string h0 = a.password_hash;
  const std::string h1 = "$argon2id$v=19$m=65536,t=3,p=1$b25l$b25l";
  const std::string h2 = "$argon2id$v=19$m=65536,t=3,p=1$dHdv$dHdv";

  LK_ASSERT_OK(store().accounts().record_login(a.id, kT0 + 5, h0, h0));
  EXPECT_EQ(store().accounts().find_by_id(a.id)->last_login, kT0 + 5);
  LK_ASSERT_OK(store().accounts().set_password(a.id, h0, h1, kT0 + 6, event(a.id, "password.changed")));
  // A sign-in verified against the old hash, finishing after the change.
  EXPECT_EQ(outcome(store().accounts().record_login(a.id, kT0 + 7, h0, h0)), "conflict");
  EXPECT_EQ(store().accounts().find_by_id(a.id)->password_hash, h1);
  // A second change over the hash the first one replaced.
  EXPECT_EQ(outcome(store().accounts().set_password(a.id, h0, h2, kT0 + 8, event(a.id, "password.changed"))),
            "conflict");
  EXPECT_EQ(store().accounts().find_by_id(a.id)->password_hash, h1);

  LK_ASSERT_OK(store().accounts().set_name(a.id, "Ivy", kT0 + 9));
  auto named = store().accounts().find_by_id(a.id);
  EXPECT_EQ(named->name, "Ivy");
  EXPECT_EQ(named->password_hash, h1);
  EXPECT_FALSE(named->disabled);

  LK_ASSERT_OK(store().accounts().set_disabled(a.id, true, kT0 + 10, event(a.id, "account.disabled")));
  // A sign-in whose check started before the disable cannot complete after it.
  EXPECT_EQ(outcome(store().accounts().record_login(a.id, kT0 + 11, h1, h1)), "conflict");
  LK_ASSERT_OK(store().accounts().set_name(a.id, "Ivy B", kT0 + 12));
  auto disabled = store().accounts().find_by_id(a.id);
  EXPECT_TRUE(disabled->disabled) << "a name change does not re-enable";
  EXPECT_EQ(disabled->last_login, kT0 + 5);
  LK_ASSERT_OK(store().accounts().set_disabled(a.id, false, kT0 + 13, event(a.id, "account.enabled")));
  LK_ASSERT_OK(store().accounts().record_login(a.id, kT0 + 14, h1, h2));  // a rehash on sign-in
  EXPECT_EQ(store().accounts().find_by_id(a.id)->password_hash, h2);

  const std::string ghost = next_uuid();
  EXPECT_EQ(outcome(store().accounts().record_login(ghost, kT0, h0, h0)), "not_found:account");
  EXPECT_EQ(outcome(store().accounts().set_name(ghost, "x", kT0)), "not_found:account");
  EXPECT_EQ(outcome(store().accounts().set_disabled(ghost, true, kT0, event(ghost, "account.disabled"))),
            "not_found:account");
  // The password change and the disable wrote their audit rows.
  auto events = store().audit().list(a.id, 100);
  LK_ASSERT_OK(events);
  int changed = 0, disables = 0;
  for (const auto& e : *events) {
    changed += e.action == "password.changed";
    disables += e.action == "account.disabled";
  }
  EXPECT_EQ(changed, 1) << "the refused change wrote nothing";
  EXPECT_EQ(disables, 1);
}

TEST_P(StoreConformance, AccountListIsOldestFirstAndCountMatches) {
  EXPECT_EQ(store().accounts().count().value_or(-1), 0);
  LK_EXPECT_OK(store().accounts().list());
  EXPECT_TRUE(store().accounts().list()->empty());
  std::vector<std::string> want;
  for (int i = 0; i < 3; ++i) {
    model::Account a = account("user" + std::to_string(i) + "@example.com", kT0 + 10 - i);
    LK_ASSERT_OK(store().accounts().create(a, event(a.id, "account.created")));
    want.insert(want.begin(), a.id);  // later rows are older
  }
  auto list = store().accounts().list();
  LK_ASSERT_OK(list);
  std::vector<std::string> got;
  for (const auto& a : *list) got.push_back(a.id);
  EXPECT_EQ(got, want);
  EXPECT_EQ(store().accounts().count().value_or(-1), 3);
}

// ---- authorizations ------------------------------------------------------

TEST_P(StoreConformance, AuthorizationRoundTripsEveryField) {
  model::Account owner = created_account("ivy@example.com");
  model::Authorization a = authorization(owner);
  a.scope = {"read", "write-protected", "odd \"quoted\" \\ scope", "ünïcode\t"};
  a.is_api_key = true;
  a.token_encrypted = "bm9uY2U=.Y2lwaGVydGV4dA==";
  a.client_id = next_uuid();
  a.expires_at = kT0 + 3600;
  a.last_used_at = kT0 + 1;
  a.last_used_ip = "198.51.100.4";
  LK_ASSERT_OK(store().authorizations().create(a, event(owner.id, "authorization.created")));

  auto by_hash = store().authorizations().find_by_token_hash(a.token_hash);
  LK_ASSERT_OK(by_hash);
  expect_same(a, *by_hash);
  auto by_id = store().authorizations().find(owner.id, a.id);
  LK_ASSERT_OK(by_id);
  expect_same(a, *by_id);
  auto key = store().authorizations().find_api_key(owner.id);
  LK_ASSERT_OK(key);
  expect_same(a, *key);
  EXPECT_EQ(actions(store().audit().list(owner.id, 10)),
            (std::vector<std::string>{"authorization.created", "account.created"}));
}

TEST_P(StoreConformance, AuthorizationWithoutOptionalFieldsRoundTrips) {
  model::Account owner = created_account("jack@example.com");
  model::Authorization a = authorization(owner);
  a.scope = {};
  LK_ASSERT_OK(store().authorizations().create(a, event(owner.id, "authorization.created")));
  auto got = store().authorizations().find(owner.id, a.id);
  LK_ASSERT_OK(got);
  expect_same(a, *got);
}

TEST_P(StoreConformance, AuthorizationLookupsOfMissingRowsAreNotFound) {
  model::Account owner = created_account("kate@example.com");
  model::Account other = created_account("liam@example.com");
  model::Authorization a = created_authorization(owner);
  EXPECT_EQ(outcome(store().authorizations().find(other.id, a.id)), "not_found:authorization");
  EXPECT_EQ(outcome(store().authorizations().find(owner.id, next_uuid())), "not_found:authorization");
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(next_hash())),
            "not_found:authorization");
  EXPECT_EQ(outcome(store().authorizations().find_api_key(owner.id)), "not_found:authorization");
}

TEST_P(StoreConformance, AuthorizationDuplicateTokenHashConflicts) {
  model::Account owner = created_account("mia@example.com");
  model::Authorization a = created_authorization(owner);
  model::Authorization dup = authorization(owner);
  dup.token_hash = a.token_hash;
  EXPECT_EQ(outcome(store().authorizations().create(dup, event(owner.id, "authorization.created"))),
            "conflict");
  EXPECT_EQ(outcome(store().authorizations().find(owner.id, dup.id)), "not_found:authorization");
}

TEST_P(StoreConformance, AuthorizationAtMostOneApiKeyPerAccount) {
  model::Account owner = created_account("noah@example.com");
  model::Account other = created_account("olga@example.com");
  model::Authorization key = authorization(owner);
  key.is_api_key = true;
  LK_ASSERT_OK(store().authorizations().create(key, event(owner.id, "authorization.created")));
  model::Authorization second = authorization(owner);
  second.is_api_key = true;
  EXPECT_EQ(outcome(store().authorizations().create(second, event(owner.id, "x"))), "conflict");
  model::Authorization others = authorization(other);
  others.is_api_key = true;
  LK_EXPECT_OK(store().authorizations().create(others, event(other.id, "authorization.created")));
  created_authorization(owner);  // non-key authorizations are unlimited
  created_authorization(owner);
  EXPECT_EQ(store().authorizations().find_api_key(owner.id)->id, key.id);
}

TEST_P(StoreConformance, AuthorizationForUnknownAccountIsNotFound) {
  model::Account ghost = account("ghost@example.com");  // never created
  model::Authorization a = authorization(ghost);
  EXPECT_EQ(outcome(store().authorizations().create(a, event(ghost.id, "x"))), "not_found:account");
}

TEST_P(StoreConformance, AuthorizationListIsOldestFirstIncludesApiKeyAndOnlyOwnRows) {
  model::Account owner = created_account("pam@example.com");
  model::Account other = created_account("quin@example.com");
  model::Authorization newest = created_authorization(owner, kT0 + 30);
  model::Authorization key = authorization(owner, kT0 + 20);
  key.is_api_key = true;
  LK_ASSERT_OK(store().authorizations().create(key, event(owner.id, "authorization.created")));
  model::Authorization oldest = created_authorization(owner, kT0 + 10);
  created_authorization(other);
  auto list = store().authorizations().list(owner.id);
  LK_ASSERT_OK(list);
  std::vector<std::string> got;
  for (const auto& a : *list) got.push_back(a.id);
  EXPECT_EQ(got, (std::vector<std::string>{oldest.id, key.id, newest.id}));
  EXPECT_TRUE(store().authorizations().list(next_uuid())->empty());
}

TEST_P(StoreConformance, AuthorizationUpdateDescription) {
  model::Account owner = created_account("rae@example.com");
  model::Account other = created_account("sam@example.com");
  model::Authorization a = created_authorization(owner);
  LK_ASSERT_OK(store().authorizations().update_description(owner.id, a.id, "laptop", kT0 + 50));
  auto got = store().authorizations().find(owner.id, a.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->description, "laptop");
  EXPECT_EQ(got->updated_at, kT0 + 50);
  EXPECT_EQ(got->token_hash, a.token_hash);
  EXPECT_EQ(outcome(store().authorizations().update_description(other.id, a.id, "x", kT0)),
            "not_found:authorization");
  EXPECT_EQ(store().authorizations().find(owner.id, a.id)->description, "laptop");
}

TEST_P(StoreConformance, AuthorizationReplaceTokenSwapsTheSecretOnly) {
  model::Account owner = created_account("tom@example.com");
  model::Authorization a = created_authorization(owner);
  model::Authorization rotated = a;
  rotated.access_token_id = next_uuid();
  rotated.token_hash = next_hash();
  rotated.token_hint = "lko_new1**********new2";
  rotated.expires_at = kT0 + 7200;
  rotated.updated_at = kT0 + 60;
  rotated.description = "ignored by replace_token";
  LK_ASSERT_OK(store().authorizations().replace_token(rotated, event(owner.id, "authorization.rotated")));

  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(a.token_hash)),
            "not_found:authorization");
  auto got = store().authorizations().find_by_token_hash(rotated.token_hash);
  LK_ASSERT_OK(got);
  model::Authorization want = rotated;
  want.description = a.description;
  expect_same(want, *got);
  EXPECT_EQ(actions(store().audit().list(owner.id, 1)), std::vector<std::string>{"authorization.rotated"});
}

TEST_P(StoreConformance, AuthorizationReplaceTokenFailuresChangeNothing) {
  model::Account owner = created_account("uma@example.com");
  model::Authorization a = created_authorization(owner);
  model::Authorization b = created_authorization(owner);
  model::Authorization clash = a;
  clash.token_hash = b.token_hash;
  EXPECT_EQ(outcome(store().authorizations().replace_token(clash, event(owner.id, "x"))), "conflict");
  EXPECT_EQ(store().authorizations().find_by_token_hash(a.token_hash)->id, a.id);

  model::Authorization missing = authorization(owner);
  EXPECT_EQ(outcome(store().authorizations().replace_token(missing, event(owner.id, "x"))),
            "not_found:authorization");
  EXPECT_EQ(actions(store().audit().list(owner.id, 1)), std::vector<std::string>{"authorization.created"});
}

TEST_P(StoreConformance, AuthorizationRemoveReturnsTheRowAndWritesAudit) {
  model::Account owner = created_account("vic@example.com");
  model::Account other = created_account("wes@example.com");
  model::Authorization a = created_authorization(owner);
  EXPECT_EQ(outcome(store().authorizations().remove(other.id, a.id, event(other.id, "x"))),
            "not_found:authorization");
  auto removed = store().authorizations().remove(owner.id, a.id, event(owner.id, "authorization.revoked"));
  LK_ASSERT_OK(removed);
  expect_same(a, *removed);
  EXPECT_EQ(outcome(store().authorizations().find_by_token_hash(a.token_hash)),
            "not_found:authorization");
  EXPECT_EQ(outcome(store().authorizations().remove(owner.id, a.id, event(owner.id, "again"))),
            "not_found:authorization");
  EXPECT_EQ(actions(store().audit().list(owner.id, 1)), std::vector<std::string>{"authorization.revoked"});
  EXPECT_EQ(actions(store().audit().list(other.id, 5)), std::vector<std::string>{"account.created"});
}

TEST_P(StoreConformance, AuthorizationRemoveAllButApiKey) {
  model::Account owner = created_account("xena@example.com");
  model::Account other = created_account("yan@example.com");
  model::Authorization key = authorization(owner);
  key.is_api_key = true;
  LK_ASSERT_OK(store().authorizations().create(key, event(owner.id, "authorization.created")));
  model::Authorization a = created_authorization(owner);
  model::Authorization b = created_authorization(owner);
  model::Authorization others = created_authorization(other);

  auto hashes = store().authorizations().remove_all_but_api_key(owner.id);
  LK_ASSERT_OK(hashes);
  std::vector<std::string> got = *hashes;
  std::sort(got.begin(), got.end());
  std::vector<std::string> want{a.token_hash, b.token_hash};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
  auto left = store().authorizations().list(owner.id);
  LK_ASSERT_OK(left);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().id, key.id);
  LK_EXPECT_OK(store().authorizations().find_by_token_hash(others.token_hash));
  EXPECT_TRUE(store().authorizations().remove_all_but_api_key(owner.id)->empty());
}

TEST_P(StoreConformance, AuthorizationTouchRecordsLastUse) {
  model::Account owner = created_account("zoe@example.com");
  model::Authorization a = created_authorization(owner);
  LK_ASSERT_OK(store().authorizations().touch(a.id, kT0 + 10, "203.0.113.5"));
  auto got = store().authorizations().find(owner.id, a.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->last_used_at, kT0 + 10);
  EXPECT_EQ(got->last_used_ip, "203.0.113.5");
  // Much later, from elsewhere: recorded (batching may only coarsen, not drop).
  LK_ASSERT_OK(store().authorizations().touch(a.id, kT0 + 4000, "203.0.113.6"));
  got = store().authorizations().find(owner.id, a.id);
  EXPECT_EQ(got->last_used_at, kT0 + 4000);
  EXPECT_EQ(got->last_used_ip, "203.0.113.6");
  EXPECT_EQ(got->updated_at, a.updated_at);  // use is not a modification
  LK_EXPECT_OK(store().authorizations().touch(next_uuid(), kT0, "203.0.113.5"));  // best effort
}

}  // namespace latchkey::store::testing
