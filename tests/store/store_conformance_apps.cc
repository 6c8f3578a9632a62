// Conformance suite, part 6: apps, config vars, releases and collaborators
// (AppStore), with the platform builders of the fixture. Teams are in
// store_conformance_teams.cc.
#include <algorithm>

#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {

model::App StoreConformance::app(const model::Account& owner, const std::string& name, UnixTime at,
                                 const std::string& team_id) {
  model::App a;
  a.id = next_uuid();
  a.name = name;
  a.owner_id = owner.id;
  a.team_id = team_id;
  a.region = "eu";
  a.stack = "heroku-22";
  a.created_at = a.updated_at = at;
  return a;
}

model::Release StoreConformance::release(const std::string& app_id, const model::Account& by,
                                         const std::string& description, UnixTime at) {
  model::Release r;
  r.id = next_uuid();
  r.app_id = app_id;
  r.description = description;
  r.account_id = by.id;
  r.created_at = at;
  return r;
}

model::Collaborator StoreConformance::collaborator(const std::string& app_id,
                                                   const model::Account& who,
                                                   std::vector<std::string> permissions,
                                                   UnixTime at) {
  model::Collaborator c;
  c.id = next_uuid();
  c.app_id = app_id;
  c.account_id = who.id;
  c.permissions = std::move(permissions);
  c.created_at = c.updated_at = at;
  return c;
}

model::App StoreConformance::created_app(const model::Account& owner, const std::string& name,
                                         UnixTime at, const std::string& team_id) {
  model::App a = app(owner, name, at, team_id);
  auto st = store().apps().create(a, release(a.id, owner, "Initial release", at),
                                  event(owner.id, "app.created", at));
  EXPECT_TRUE(st.has_value()) << "create app " << name << ": " << detail(st);
  return a;
}

namespace {

std::vector<std::string> names(const Result<std::vector<model::App>>& apps) {
  std::vector<std::string> out;
  if (apps) {
    for (const auto& a : *apps) out.push_back(a.name);
  }
  return out;
}

std::vector<int> versions(const Result<std::vector<model::Release>>& releases) {
  std::vector<int> out;
  if (releases) {
    for (const auto& r : *releases) out.push_back(r.version);
  }
  return out;
}

using Changes = std::vector<std::pair<std::string, std::optional<std::string>>>;
using Vars = std::map<std::string, std::string>;

}  // namespace

TEST_P(StoreConformance, AppCreateThenFindByNameAndById) {
  model::Account owner = created_account("app1@example.com");
  model::App a = created_app(owner, "alpha-app", kT0 + 3);
  for (const std::string& key : {a.name, a.id}) {
    auto got = store().apps().find(key);
    LK_ASSERT_OK(got);
    EXPECT_EQ(got->id, a.id);
    EXPECT_EQ(got->name, "alpha-app");
    EXPECT_EQ(got->owner_id, owner.id);
    EXPECT_EQ(got->owner_email, "app1@example.com");
    EXPECT_EQ(got->team_id, "");
    EXPECT_EQ(got->team_name, "");
    EXPECT_EQ(got->region, "eu");
    EXPECT_EQ(got->stack, "heroku-22");
    EXPECT_FALSE(got->maintenance);
    EXPECT_EQ(got->created_at, kT0 + 3);
    EXPECT_EQ(got->released_at, kT0 + 3);  // the first release
  }
  EXPECT_EQ(outcome(store().apps().find("no-such-app")), "not_found:app");
  auto releases = store().apps().releases(a.id);
  LK_ASSERT_OK(releases);
  ASSERT_EQ(releases->size(), 1u);
  EXPECT_EQ((*releases)[0].version, 1);
  EXPECT_EQ((*releases)[0].description, "Initial release");
  EXPECT_EQ((*releases)[0].email, "app1@example.com");
  EXPECT_EQ((*releases)[0].status, "succeeded");
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "app.created");
}

TEST_P(StoreConformance, AppNameTakenConflictsAndLeavesNothing) {
  model::Account owner = created_account("app2@example.com");
  model::Account other = created_account("app3@example.com");
  created_app(owner, "taken-name");
  model::App dup = app(other, "taken-name");
  EXPECT_EQ(outcome(store().apps().create(dup, release(dup.id, other, "Initial release"),
                                          event(other.id, "app.created"))),
            "conflict");
  EXPECT_EQ(outcome(store().apps().find(dup.id)), "not_found:app");
  EXPECT_EQ(store().audit().list(other.id, 1)->front().action, "account.created");
  model::App orphan = app(other, "team-less", kT0, next_uuid());
  EXPECT_EQ(outcome(store().apps().create(orphan, release(orphan.id, other, "Initial release"),
                                          event(other.id, "app.created"))),
            "not_found:team");
}

TEST_P(StoreConformance, AppListForCoversOwnedCollaboratedAndTeamAppsOnce) {
  model::Account me = created_account("me@example.com");
  model::Account bob = created_account("bob@example.com");
  model::Account carol = created_account("carol@example.com");
  model::Team team = created_team(carol, "acme");
  LK_ASSERT_OK(store().teams().put_member(member(team.id, me, "viewer"), event(carol.id, "m")));
  // Created out of order: lists are oldest first.
  model::App team_app = created_app(carol, "team-app", kT0 + 30, team.id);
  model::App mine = created_app(me, "my-app", kT0 + 10);
  model::App shared = created_app(bob, "bobs-app", kT0 + 20);
  created_app(bob, "bobs-private", kT0 + 25);
  model::App everything = created_app(me, "my-team-app", kT0 + 40, team.id);
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(shared.id, me, {"view"}),
                                               event(bob.id, "c")));
  // Reachable three ways (owner, collaborator, team member): still listed once.
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(everything.id, me, {"view"}),
                                               event(me.id, "c")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(team_app.id, me, {"view", "deploy"}),
                                               event(carol.id, "c")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(everything.id, bob, {"view"}),
                                               event(me.id, "c")));

  auto mine_list = store().apps().list_for(me.id);
  LK_ASSERT_OK(mine_list);
  EXPECT_EQ(names(mine_list),
            (std::vector<std::string>{"my-app", "bobs-app", "team-app", "my-team-app"}));
  auto t = std::find_if(mine_list->begin(), mine_list->end(),
                        [](const model::App& a) { return a.name == "team-app"; });
  ASSERT_NE(t, mine_list->end());
  EXPECT_EQ(t->team_id, team.id);
  EXPECT_EQ(t->team_name, "acme");
  EXPECT_EQ(t->owner_email, "carol@example.com");
  EXPECT_EQ(names(store().apps().list_for(bob.id)),
            (std::vector<std::string>{"bobs-app", "bobs-private", "my-team-app"}));
  EXPECT_EQ(names(store().apps().list_team(team.id)),
            (std::vector<std::string>{"team-app", "my-team-app"}));
  EXPECT_TRUE(store().apps().list_for(next_uuid())->empty());
}

TEST_P(StoreConformance, AppUpdateRenamesAndConflictsOnATakenName) {
  model::Account owner = created_account("app4@example.com");
  model::App a = created_app(owner, "old-name");
  created_app(owner, "other-name");
  a.name = "new-name";
  a.maintenance = true;
  a.updated_at = kT0 + 9;
  LK_ASSERT_OK(store().apps().update(a, event(owner.id, "app.renamed")));
  EXPECT_EQ(outcome(store().apps().find("old-name")), "not_found:app");
  auto got = store().apps().find("new-name");
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->id, a.id);
  EXPECT_TRUE(got->maintenance);
  EXPECT_EQ(got->updated_at, kT0 + 9);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "app.renamed");

  a.name = "other-name";
  EXPECT_EQ(outcome(store().apps().update(a, event(owner.id, "app.clash"))), "conflict");
  EXPECT_EQ(store().apps().find(a.id)->name, "new-name");
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "app.renamed");
  EXPECT_EQ(outcome(store().apps().update(app(owner, "ghost"), event(owner.id, "x"))),
            "not_found:app");
}

TEST_P(StoreConformance, AppRemoveDeletesConfigReleasesAndCollaborators) {
  model::Account owner = created_account("app5@example.com");
  model::Account helper = created_account("app6@example.com");
  model::App a = created_app(owner, "doomed");
  LK_ASSERT_OK(store().apps().change_config_vars(a.id, Changes{{"SECRET", "s3cr3t"}},
                                                 release(a.id, owner, "Set SECRET config vars"),
                                                 event(owner.id, "config.changed")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(a.id, helper, {"view"}),
                                               event(owner.id, "collaborator.added")));
  auto removed = store().apps().remove(a.id, event(owner.id, "app.destroyed"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->name, "doomed");
  EXPECT_EQ(removed->owner_email, "app5@example.com");
  EXPECT_EQ(outcome(store().apps().find("doomed")), "not_found:app");
  EXPECT_EQ(outcome(store().apps().config_vars(a.id)), "not_found:app");
  EXPECT_EQ(outcome(store().apps().releases(a.id)), "not_found:app");
  EXPECT_EQ(outcome(store().apps().find_collaborator(a.id, helper.id)), "not_found:collaborator");
  EXPECT_TRUE(store().apps().list_for(helper.id)->empty());
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "app.destroyed");
  EXPECT_EQ(outcome(store().apps().remove(a.id, event(owner.id, "again"))), "not_found:app");

  // An app created again with the same id starts empty: nothing was left behind.
  model::App again = a;
  LK_ASSERT_OK(store().apps().create(again, release(a.id, owner, "Initial release"),
                                     event(owner.id, "app.created")));
  EXPECT_TRUE(store().apps().config_vars(a.id)->empty());
  EXPECT_EQ(versions(store().apps().releases(a.id)), std::vector<int>{1});
  EXPECT_TRUE(store().apps().collaborators(a.id)->empty());
}

TEST_P(StoreConformance, ConfigChangeWritesExactlyOneReleaseWithTheNextVersion) {
  model::Account owner = created_account("app7@example.com");
  model::App a = created_app(owner, "configured");
  auto first = store().apps().change_config_vars(
      a.id, Changes{{"FOO", "1"}, {"BAR", "2"}, {"GONE", std::nullopt}},
      release(a.id, owner, "Set FOO, BAR config vars", kT0 + 5), event(owner.id, "config.set"));
  LK_ASSERT_OK(first);
  EXPECT_EQ(first->vars, (Vars{{"BAR", "2"}, {"FOO", "1"}}));
  EXPECT_EQ(first->release.version, 2);
  EXPECT_EQ(first->release.email, "app7@example.com");
  EXPECT_EQ(versions(store().apps().releases(a.id)), (std::vector<int>{1, 2}));
  EXPECT_EQ(store().apps().find(a.id)->released_at, kT0 + 5);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "config.set");

  auto second = store().apps().change_config_vars(
      a.id, Changes{{"FOO", "3"}, {"BAR", std::nullopt}},
      release(a.id, owner, "Set FOO, unset BAR", kT0 + 6), event(owner.id, "config.set2"));
  LK_ASSERT_OK(second);
  EXPECT_EQ(second->vars, (Vars{{"FOO", "3"}}));
  EXPECT_EQ(second->release.version, 3);
  EXPECT_EQ(store().apps().config_vars(a.id).value_or(Vars{}), (Vars{{"FOO", "3"}}));
  EXPECT_EQ(versions(store().apps().releases(a.id)), (std::vector<int>{1, 2, 3}));
}

TEST_P(StoreConformance, ConfigChangeThatChangesNothingWritesNothing) {
  model::Account owner = created_account("app8@example.com");
  model::App a = created_app(owner, "steady");
  LK_ASSERT_OK(store().apps().change_config_vars(a.id, Changes{{"FOO", "1"}},
                                                 release(a.id, owner, "Set FOO", kT0 + 1),
                                                 event(owner.id, "config.set")));
  auto noop = store().apps().change_config_vars(
      a.id, Changes{{"FOO", "1"}, {"MISSING", std::nullopt}},
      release(a.id, owner, "Set FOO", kT0 + 2), event(owner.id, "config.noop"));
  LK_ASSERT_OK(noop);
  EXPECT_EQ(noop->release.version, 0);
  EXPECT_EQ(noop->vars, (Vars{{"FOO", "1"}}));
  EXPECT_EQ(versions(store().apps().releases(a.id)), (std::vector<int>{1, 2}));
  EXPECT_EQ(store().apps().find(a.id)->released_at, kT0 + 1);
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "config.set");
  EXPECT_EQ(outcome(store().apps().change_config_vars(next_uuid(), Changes{{"A", "b"}},
                                                      release(next_uuid(), owner, "x"),
                                                      event(owner.id, "x"))),
            "not_found:app");
}

TEST_P(StoreConformance, ReleasesAreOldestFirstAndOutliveTheReleaser) {
  model::Account owner = created_account("app9@example.com");
  model::Account deployer = created_account("app10@example.com");
  model::App a = created_app(owner, "released", kT0);
  auto deploy = store().apps().add_release(release(a.id, deployer, "Deploy 1a2b3c4", kT0 + 7),
                                           event(deployer.id, "git.push"));
  LK_ASSERT_OK(deploy);
  EXPECT_EQ(deploy->version, 2);
  EXPECT_EQ(deploy->email, "app10@example.com");
  EXPECT_EQ(store().apps().find(a.id)->released_at, kT0 + 7);
  EXPECT_EQ(store().audit().list(deployer.id, 1)->front().action, "git.push");
  LK_ASSERT_OK(store().apps().add_release(release(a.id, owner, "Deploy 5d6e7f8", kT0 + 8),
                                          event(owner.id, "git.push")));
  LK_ASSERT_OK(store().accounts().remove(deployer.id, event(deployer.id, "account.deleted")));
  auto all = store().apps().releases(a.id);
  LK_ASSERT_OK(all);
  ASSERT_EQ(versions(all), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ((*all)[1].description, "Deploy 1a2b3c4");
  EXPECT_EQ((*all)[1].account_id, deployer.id);
  EXPECT_EQ((*all)[1].email, "");  // the account is gone, the release stays
  EXPECT_EQ((*all)[2].email, "app9@example.com");
  EXPECT_EQ((*all)[2].created_at, kT0 + 8);
  EXPECT_EQ(outcome(store().apps().add_release(release(next_uuid(), owner, "x"),
                                               event(owner.id, "x"))),
            "not_found:app");
}

TEST_P(StoreConformance, CollaboratorAddConflictUpdateRemove) {
  model::Account owner = created_account("app11@example.com");
  model::Account late = created_account("app12@example.com");
  model::Account early = created_account("app13@example.com");
  model::App a = created_app(owner, "together");
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(a.id, late, {"view", "deploy"}, kT0 + 9),
                                               event(owner.id, "collaborator.added")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(a.id, early, {"view"}, kT0 + 1),
                                               event(owner.id, "collaborator.added")));
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "collaborator.added");
  EXPECT_EQ(outcome(store().apps().add_collaborator(collaborator(a.id, late, {"view"}),
                                                    event(owner.id, "dup"))),
            "conflict");
  EXPECT_EQ(outcome(store().apps().add_collaborator(collaborator(next_uuid(), late, {"view"}),
                                                    event(owner.id, "x"))),
            "not_found:app");
  EXPECT_EQ(outcome(store().apps().add_collaborator(
                collaborator(a.id, account("ghost@example.com"), {"view"}), event(owner.id, "x"))),
            "not_found:account");

  auto list = store().apps().collaborators(a.id);
  LK_ASSERT_OK(list);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].email, "app13@example.com");  // oldest first
  EXPECT_EQ((*list)[1].permissions, (std::vector<std::string>{"view", "deploy"}));

  auto changed = collaborator(a.id, late, {"view", "deploy", "operate", "manage"}, kT0 + 20);
  LK_ASSERT_OK(store().apps().update_collaborator(changed, event(owner.id, "collaborator.updated")));
  auto got = store().apps().find_collaborator(a.id, late.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->permissions, changed.permissions);
  EXPECT_EQ(got->email, "app12@example.com");
  EXPECT_EQ(got->created_at, kT0 + 9);
  EXPECT_EQ(got->updated_at, kT0 + 20);
  EXPECT_EQ(outcome(store().apps().update_collaborator(collaborator(a.id, owner, {"view"}),
                                                       event(owner.id, "x"))),
            "not_found:collaborator");

  auto removed = store().apps().remove_collaborator(a.id, late.id, event(owner.id, "collaborator.removed"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->email, "app12@example.com");
  EXPECT_EQ(outcome(store().apps().find_collaborator(a.id, late.id)), "not_found:collaborator");
  EXPECT_EQ(outcome(store().apps().remove_collaborator(a.id, late.id, event(owner.id, "x"))),
            "not_found:collaborator");
  EXPECT_EQ(store().audit().list(owner.id, 1)->front().action, "collaborator.removed");
  EXPECT_EQ(store().apps().collaborators(a.id)->size(), 1u);
}

TEST_P(StoreConformance, AccountDeletionTakesItsAppsAndCollaborationsAlong) {
  model::Account owner = created_account("app14@example.com");
  model::Account helper = created_account("app15@example.com");
  model::App owned = created_app(owner, "owned-app");
  model::App theirs = created_app(helper, "helper-app");
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(theirs.id, owner, {"view"}),
                                               event(helper.id, "c")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(owned.id, helper, {"view"}),
                                               event(owner.id, "c")));
  // A team app the owner created belongs to the team and stays.
  model::Team team = created_team(helper, "keepers");
  model::App team_app = created_app(owner, "team-app-stays", kT0, team.id);
  LK_ASSERT_OK(store().accounts().remove(owner.id, event(owner.id, "account.deleted")));
  EXPECT_EQ(outcome(store().apps().find(owned.id)), "not_found:app");
  EXPECT_EQ(names(store().apps().list_for(helper.id)),
            (std::vector<std::string>{"helper-app", "team-app-stays"}));
  EXPECT_TRUE(store().apps().collaborators(theirs.id)->empty());
  auto kept = store().apps().find(team_app.id);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->owner_id, "");
  EXPECT_EQ(kept->team_name, "keepers");
}

}  // namespace latchkey::store::testing
