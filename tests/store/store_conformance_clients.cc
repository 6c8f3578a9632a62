// Conformance suite, part 4: registered OAuth clients (ClientStore).
#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {
namespace {

model::OAuthClient client_of(const model::Account& owner, const std::string& id,
                             const std::string& secret_hash, UnixTime at) {
  model::OAuthClient c;
  c.id = id;
  c.owner_id = owner.id;
  c.name = "CI service";
  c.redirect_uri = "https://ci.example/callback";
  c.secret_hash = secret_hash;
  c.secret_hint = "lkc_abcd**********wxyz";
  c.created_at = c.updated_at = at;
  return c;
}

}  // namespace

TEST_P(StoreConformance, ClientCreateFindListStayWithinTheOwner) {
  model::Account owner = created_account("cli1@example.com");
  model::Account other = created_account("cli2@example.com");
  auto late = client_of(owner, next_uuid(), next_hash(), kT0 + 20);
  auto early = client_of(owner, next_uuid(), next_hash(), kT0 + 10);
  LK_ASSERT_OK(store().clients().create(late, event(owner.id, "client.created")));
  LK_ASSERT_OK(store().clients().create(early, event(owner.id, "client.created")));
  auto got = store().clients().find(owner.id, late.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->name, late.name);
  EXPECT_EQ(got->redirect_uri, late.redirect_uri);
  EXPECT_EQ(got->secret_hash, late.secret_hash);
  EXPECT_EQ(got->secret_hint, late.secret_hint);
  EXPECT_FALSE(got->is_public);
  EXPECT_EQ(got->created_at, kT0 + 20);
  EXPECT_EQ(outcome(store().clients().find(other.id, late.id)), "not_found:client");
  LK_EXPECT_OK(store().clients().find_by_id(late.id));
  EXPECT_EQ(outcome(store().clients().find_by_id(next_uuid())), "not_found:client");
  auto list = store().clients().list(owner.id);
  LK_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, early.id);
  EXPECT_TRUE(store().clients().list(other.id)->empty());
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "client.created");
}

TEST_P(StoreConformance, ClientPublicHasNoSecretAndSecretsAreUnique) {
  model::Account owner = created_account("cli3@example.com");
  auto pub = client_of(owner, next_uuid(), "", kT0);
  pub.is_public = true;
  pub.secret_hint = "";
  LK_ASSERT_OK(store().clients().create(pub, event(owner.id, "client.created")));
  EXPECT_TRUE(store().clients().find(owner.id, pub.id)->is_public);
  const std::string hash = next_hash();
  LK_ASSERT_OK(store().clients().create(client_of(owner, next_uuid(), hash, kT0), event(owner.id, "c")));
  EXPECT_EQ(outcome(store().clients().create(client_of(owner, next_uuid(), hash, kT0), event(owner.id, "c"))),
            "conflict");
  EXPECT_EQ(outcome(store().clients().create(client_of(created_account("x@example.com"), pub.id, next_hash(), kT0),
                                             event("", "c"))),
            "conflict");
}

TEST_P(StoreConformance, ClientUpdateAndRemove) {
  model::Account owner = created_account("cli4@example.com");
  model::Account other = created_account("cli5@example.com");
  auto c = client_of(owner, next_uuid(), next_hash(), kT0);
  LK_ASSERT_OK(store().clients().create(c, event(owner.id, "client.created")));
  c.name = "Renamed";
  c.redirect_uri = "http://127.0.0.1/cb";
  c.secret_hash = next_hash();
  c.updated_at = kT0 + 5;
  LK_ASSERT_OK(store().clients().update(c, event(owner.id, "client.rotated")));
  auto got = store().clients().find(owner.id, c.id);
  EXPECT_EQ(got->name, "Renamed");
  EXPECT_EQ(got->redirect_uri, "http://127.0.0.1/cb");
  EXPECT_EQ(got->secret_hash, c.secret_hash);
  EXPECT_EQ(got->updated_at, kT0 + 5);
  auto foreign = c;
  foreign.owner_id = other.id;
  EXPECT_EQ(outcome(store().clients().update(foreign, event(other.id, "x"))), "not_found:client");
  EXPECT_EQ(outcome(store().clients().remove(other.id, c.id, event(other.id, "x"))), "not_found:client");
  auto removed = store().clients().remove(owner.id, c.id, event(owner.id, "client.deleted"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->client.name, "Renamed");
  EXPECT_EQ(outcome(store().clients().find_by_id(c.id)), "not_found:client");
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "client.deleted");
}

TEST_P(StoreConformance, ClientsGoWithTheirOwner) {
  model::Account owner = created_account("cli6@example.com");
  auto c = client_of(owner, next_uuid(), next_hash(), kT0);
  LK_ASSERT_OK(store().clients().create(c, event(owner.id, "client.created")));
  LK_ASSERT_OK(store().accounts().remove(owner.id, event(owner.id, "account.deleted")));
  EXPECT_EQ(outcome(store().clients().find_by_id(c.id)), "not_found:client");
  EXPECT_EQ(outcome(store().clients().create(client_of(owner, next_uuid(), next_hash(), kT0), event("", "c"))),
            "not_found:account");
}

}  // namespace latchkey::store::testing
