// Conformance: the audit trail's reads and retention (AuditStore::query,
// prune, after, last_seq) — keyset pages by seq, the subject-or-actor,
// team, action-prefix and time filters, and batched pruning (docs/audit.md).
#include <set>

#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {
namespace {

std::vector<std::string> ids(const Result<std::vector<model::AuditEvent>>& r) {
  std::vector<std::string> out;
  if (!r) return {"error: " + r.error().detail};
  for (const auto& e : *r) out.push_back(e.id);
  return out;
}

}  // namespace

TEST_P(StoreConformance, AuditAppendKeepsEveryField) {
  model::AuditEvent e = event("acct-1", "mfa.failed", kT0 + 5);
  e.actor_id = "actor-1";
  e.outcome = "failure";
  e.detail = R"({"reason":"wrong_code"})";
  e.ip = "203.0.113.9";
  e.user_agent = "ua/1.0 \"quoted\"\n{\"event\":\"admin\"}";
  e.request_id = "req-1";
  e.authorization_id = "authz-1";
  e.token_prefix = "0123abcd";
  e.app_id = "app-1";
  e.team_id = "team-1";
  LK_ASSERT_OK(store().audit().append(e));
  auto got = store().audit().query({.account_id = "acct-1"});
  LK_ASSERT_OK(got);
  ASSERT_EQ(got->size(), 1u);
  const auto& g = got->front();
  EXPECT_GT(g.seq, 0);
  EXPECT_EQ(g.id, e.id);
  EXPECT_EQ(g.account_id, "acct-1");
  EXPECT_EQ(g.actor_id, "actor-1");
  EXPECT_EQ(g.action, "mfa.failed");
  EXPECT_EQ(g.outcome, "failure");
  EXPECT_EQ(g.detail, e.detail);
  EXPECT_EQ(g.ip, e.ip);
  EXPECT_EQ(g.user_agent, e.user_agent);
  EXPECT_EQ(g.request_id, "req-1");
  EXPECT_EQ(g.authorization_id, "authz-1");
  EXPECT_EQ(g.token_prefix, "0123abcd");
  EXPECT_EQ(g.app_id, "app-1");
  EXPECT_EQ(g.team_id, "team-1");
  EXPECT_EQ(g.created_at, kT0 + 5);
  EXPECT_EQ(*store().audit().last_seq(), g.seq);
}

TEST_P(StoreConformance, AuditQueryPagesNewestFirstBySeqWithoutGapsOrRepeats) {
  std::vector<std::string> appended;
  for (int i = 0; i < 23; ++i) {
    // Times deliberately not monotonic: pages follow seq (insertion order).
    auto e = event("pager", "login.failed", kT0 + (i % 5));
    LK_ASSERT_OK(store().audit().append(e));
    appended.push_back(e.id);
  }
  LK_ASSERT_OK(store().audit().append(event("someone-else", "login.failed")));
  std::vector<std::string> walked;
  std::int64_t before = 0;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store().audit().query({.account_id = "pager", .before_seq = before, .limit = 5});
    LK_ASSERT_OK(page);
    if (page->empty()) break;
    EXPECT_LE(page->size(), 5u);
    for (std::size_t i = 1; i < page->size(); ++i) EXPECT_LT((*page)[i].seq, (*page)[i - 1].seq);
    for (const auto& e : *page) walked.push_back(e.id);
    before = page->back().seq;
  }
  std::vector<std::string> want(appended.rbegin(), appended.rend());
  EXPECT_EQ(walked, want);

  // Oldest first, after a seq.
  auto all = store().audit().query({.account_id = "pager", .oldest_first = true, .limit = 100});
  LK_ASSERT_OK(all);
  EXPECT_EQ(ids(all), appended);
  auto tail = store().audit().query(
      {.account_id = "pager", .after_seq = (*all)[20].seq, .oldest_first = true, .limit = 100});
  EXPECT_EQ(ids(tail), (std::vector<std::string>{appended[21], appended[22]}));
}

TEST_P(StoreConformance, AuditQueryAccountMeansSubjectOrActor) {
  auto as_subject = event("me", "password.changed");
  auto as_actor = event("them", "collaborator.added");
  as_actor.actor_id = "me";
  auto unrelated = event("them", "login.failed");
  unrelated.actor_id = "third";
  for (const auto& e : {as_subject, as_actor, unrelated}) LK_ASSERT_OK(store().audit().append(e));
  EXPECT_EQ(ids(store().audit().query({.account_id = "me"})),
            (std::vector<std::string>{as_actor.id, as_subject.id}));
  EXPECT_EQ(ids(store().audit().query({.subject_id = "me"})), std::vector<std::string>{as_subject.id});
  EXPECT_EQ(ids(store().audit().query({.subject_id = "them", .action_prefix = "login."})),
            std::vector<std::string>{unrelated.id});
}

TEST_P(StoreConformance, AuditQueryFiltersByTeamActionAndTime) {
  auto old_team = event("a", "team.member_set", kT0 - 100);
  old_team.team_id = "team-x";
  auto new_team = event("b", "collaborator.added", kT0 + 100);
  new_team.team_id = "team-x";
  auto other_team = event("a", "team.member_set", kT0);
  other_team.team_id = "team-y";
  auto mfa = event("a", "mfa.failed", kT0);
  // LIKE metacharacters in a prefix are literal.
  auto underscore = event("a", "mfaXfailed", kT0);
  for (const auto& e : {old_team, new_team, other_team, mfa, underscore})
    LK_ASSERT_OK(store().audit().append(e));
  EXPECT_EQ(ids(store().audit().query({.team_id = "team-x"})),
            (std::vector<std::string>{new_team.id, old_team.id}));
  EXPECT_EQ(ids(store().audit().query({.team_id = "team-x", .since = kT0})),
            std::vector<std::string>{new_team.id});
  EXPECT_EQ(ids(store().audit().query({.team_id = "team-x", .until = kT0})),
            std::vector<std::string>{old_team.id});
  EXPECT_EQ(ids(store().audit().query({.action_prefix = "mfa."})), std::vector<std::string>{mfa.id});
  EXPECT_EQ(ids(store().audit().query({.action_prefix = "mfa_"})), std::vector<std::string>{});
  EXPECT_EQ(store().audit().query({.limit = 1000})->size(), 5u);
  EXPECT_TRUE(store().audit().query({.limit = 0})->empty());
}

TEST_P(StoreConformance, AuditPruneDeletesOnlyOldRowsInBatches) {
  std::set<std::string> kept;
  for (int i = 0; i < 25; ++i) LK_ASSERT_OK(store().audit().append(event("p", "old", kT0 - 1000 + i)));
  for (int i = 0; i < 3; ++i) {
    auto e = event("p", "new", kT0 + i);
    LK_ASSERT_OK(store().audit().append(e));
    kept.insert(e.id);
  }
  const auto last = *store().audit().last_seq();
  auto pruned = store().audit().prune(kT0, 7);  // 25 rows: batches of 7, 7, 7, 4
  LK_ASSERT_OK(pruned);
  EXPECT_EQ(*pruned, 25);
  auto left = store().audit().query({.limit = 100});
  LK_ASSERT_OK(left);
  std::set<std::string> got;
  for (const auto& e : *left) got.insert(e.id);
  EXPECT_EQ(got, kept);
  EXPECT_EQ(*store().audit().prune(kT0, 7), 0);
  // Sequence numbers are never reused after a prune (the alert cursor relies on it).
  auto e = event("p", "after-prune", kT0 + 10);
  LK_ASSERT_OK(store().audit().append(e));
  EXPECT_GT(store().audit().query({.limit = 1})->front().seq, last);
}

}  // namespace latchkey::store::testing
