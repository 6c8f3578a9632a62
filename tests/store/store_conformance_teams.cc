// Conformance suite, part 7: teams and their members (TeamStore), and how
// membership meets apps (collaborator rows on team apps, team removal).
#include "store_conformance.h"
#include "store_test_util.h"

namespace latchkey::store::testing {

model::Team StoreConformance::created_team(const model::Account& admin, const std::string& name,
                                           UnixTime at) {
  model::Team t;
  t.id = next_uuid();
  t.name = name;
  t.created_at = t.updated_at = at;
  auto st = store().teams().create(t, member(t.id, admin, "admin", at),
                                   event(admin.id, "team.created", at));
  EXPECT_TRUE(st.has_value()) << "create team " << name << ": " << detail(st);
  return t;
}

model::TeamMember StoreConformance::member(const std::string& team_id, const model::Account& who,
                                           const std::string& role, UnixTime at) {
  model::TeamMember m;
  m.team_id = team_id;
  m.account_id = who.id;
  m.role = role;
  m.created_at = m.updated_at = at;
  return m;
}

namespace {

std::vector<std::string> emails(const Result<std::vector<model::TeamMember>>& members) {
  std::vector<std::string> out;
  if (members) {
    for (const auto& m : *members) out.push_back(m.email + ":" + m.role);
  }
  return out;
}

}  // namespace

TEST_P(StoreConformance, TeamCreateMakesTheCreatorAdminAndFindsByNameOrId) {
  model::Account admin = created_account("team1@example.com");
  model::Team t = created_team(admin, "rocket", kT0 + 2);
  for (const std::string& key : {t.name, t.id}) {
    auto got = store().teams().find(key);
    LK_ASSERT_OK(got);
    EXPECT_EQ(got->id, t.id);
    EXPECT_EQ(got->name, "rocket");
    EXPECT_EQ(got->created_at, kT0 + 2);
  }
  EXPECT_EQ(outcome(store().teams().find("nope")), "not_found:team");
  auto members = store().teams().members(t.id);
  LK_ASSERT_OK(members);
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].account_id, admin.id);
  EXPECT_EQ((*members)[0].email, "team1@example.com");
  EXPECT_EQ((*members)[0].name, "Name of team1@example.com");
  EXPECT_EQ((*members)[0].role, "admin");
  EXPECT_FALSE((*members)[0].two_factor);
  auto mine = store().teams().list_for(admin.id);
  LK_ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].role, "admin");
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "team.created");

  model::Team dup = t;
  dup.id = next_uuid();
  EXPECT_EQ(outcome(store().teams().create(dup, member(dup.id, admin, "admin"),
                                           event(admin.id, "team.dup"))),
            "conflict");
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "team.created");
  EXPECT_EQ(outcome(store().teams().members(next_uuid())), "not_found:team");
}

TEST_P(StoreConformance, TeamPutMemberAddsThenChangesTheRole) {
  model::Account admin = created_account("team2@example.com");
  model::Account zed = created_account("zed@example.com");
  model::Account amy = created_account("amy@example.com");
  model::Team t = created_team(admin, "crew");
  created_team(zed, "another");  // zed's own team: list_for sorts by name
  LK_ASSERT_OK(store().teams().put_member(member(t.id, zed, "member", kT0 + 1),
                                          event(admin.id, "team.member.added")));
  LK_ASSERT_OK(store().teams().put_member(member(t.id, amy, "viewer", kT0 + 2),
                                          event(admin.id, "team.member.added")));
  EXPECT_EQ(emails(store().teams().members(t.id)),
            (std::vector<std::string>{"amy@example.com:viewer", "team2@example.com:admin",
                                      "zed@example.com:member"}));
  LK_ASSERT_OK(store().teams().put_member(member(t.id, zed, "viewer", kT0 + 9),
                                          event(admin.id, "team.member.updated")));
  auto got = store().teams().find_member(t.id, zed.id);
  LK_ASSERT_OK(got);
  EXPECT_EQ(got->role, "viewer");
  EXPECT_EQ(got->created_at, kT0 + 1);
  EXPECT_EQ(got->updated_at, kT0 + 9);
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "team.member.updated");
  auto zeds = store().teams().list_for(zed.id);
  LK_ASSERT_OK(zeds);
  ASSERT_EQ(zeds->size(), 2u);
  EXPECT_EQ((*zeds)[0].name, "another");
  EXPECT_EQ((*zeds)[0].role, "admin");
  EXPECT_EQ((*zeds)[1].name, "crew");
  EXPECT_EQ((*zeds)[1].role, "viewer");

  EXPECT_EQ(outcome(store().teams().find_member(t.id, next_uuid())), "not_found:member");
  EXPECT_EQ(outcome(store().teams().put_member(member(next_uuid(), amy, "member"),
                                               event(admin.id, "x"))),
            "not_found:team");
  EXPECT_EQ(outcome(store().teams().put_member(member(t.id, account("ghost@example.com"), "member"),
                                               event(admin.id, "x"))),
            "not_found:account");
}

TEST_P(StoreConformance, TeamMemberShowsTwoFactorStatus) {
  model::Account admin = created_account("team3@example.com");
  LK_ASSERT_OK(store().mfa().put_pending(admin.id, "sealed", kT0));
  LK_ASSERT_OK(store().mfa().activate(admin.id, "sealed", 1, {next_hash()}, kT0,
                                      event(admin.id, "mfa.enabled")));
  model::Team t = created_team(admin, "secure");
  EXPECT_TRUE(store().teams().find_member(t.id, admin.id)->two_factor);
}

TEST_P(StoreConformance, TeamRemoveMemberDropsItsCollaborationsOnTeamAppsOnly) {
  model::Account admin = created_account("team4@example.com");
  model::Account leaver = created_account("team5@example.com");
  model::Team t = created_team(admin, "leavers");
  LK_ASSERT_OK(store().teams().put_member(member(t.id, leaver, "member"), event(admin.id, "m")));
  model::App team_app = created_app(admin, "team-thing", kT0, t.id);
  model::App personal = created_app(admin, "personal-thing");
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(team_app.id, leaver, {"view", "deploy"}),
                                               event(admin.id, "c")));
  LK_ASSERT_OK(store().apps().add_collaborator(collaborator(personal.id, leaver, {"view"}),
                                               event(admin.id, "c")));

  auto removed = store().teams().remove_member(t.id, leaver.id, event(admin.id, "team.member.removed"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->email, "team5@example.com");
  EXPECT_EQ(removed->role, "member");
  EXPECT_EQ(outcome(store().teams().find_member(t.id, leaver.id)), "not_found:member");
  EXPECT_EQ(outcome(store().apps().find_collaborator(team_app.id, leaver.id)),
            "not_found:collaborator");
  LK_EXPECT_OK(store().apps().find_collaborator(personal.id, leaver.id));
  EXPECT_TRUE(store().teams().list_for(leaver.id)->empty());
  auto visible = store().apps().list_for(leaver.id);
  LK_ASSERT_OK(visible);
  ASSERT_EQ(visible->size(), 1u);
  EXPECT_EQ((*visible)[0].name, "personal-thing");
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "team.member.removed");
  EXPECT_EQ(outcome(store().teams().remove_member(t.id, leaver.id, event(admin.id, "x"))),
            "not_found:member");
}

TEST_P(StoreConformance, TeamWithAppsCannotBeRemoved) {
  model::Account admin = created_account("team6@example.com");
  model::Team t = created_team(admin, "sticky");
  model::App a = created_app(admin, "sticky-app", kT0, t.id);
  EXPECT_EQ(outcome(store().teams().remove(t.id, event(admin.id, "team.remove.refused"))),
            "conflict");
  LK_EXPECT_OK(store().teams().find(t.id));
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "app.created");

  LK_ASSERT_OK(store().apps().remove(a.id, event(admin.id, "app.destroyed")));
  auto removed = store().teams().remove(t.id, event(admin.id, "team.destroyed"));
  LK_ASSERT_OK(removed);
  EXPECT_EQ(removed->name, "sticky");
  EXPECT_EQ(outcome(store().teams().find(t.id)), "not_found:team");
  EXPECT_TRUE(store().teams().list_for(admin.id)->empty());
  EXPECT_EQ(store().audit().list(admin.id, 1)->front().action, "team.destroyed");
  EXPECT_EQ(outcome(store().teams().remove(t.id, event(admin.id, "x"))), "not_found:team");
}

TEST_P(StoreConformance, AccountDeletionEndsItsTeamMemberships) {
  model::Account admin = created_account("team7@example.com");
  model::Account gone = created_account("team8@example.com");
  model::Team t = created_team(admin, "remaining");
  LK_ASSERT_OK(store().teams().put_member(member(t.id, gone, "member"), event(admin.id, "m")));
  LK_ASSERT_OK(store().accounts().remove(gone.id, event(gone.id, "account.deleted")));
  EXPECT_EQ(emails(store().teams().members(t.id)),
            std::vector<std::string>{"team7@example.com:admin"});
  EXPECT_EQ(outcome(store().teams().find_member(t.id, gone.id)), "not_found:member");
}

}  // namespace latchkey::store::testing
