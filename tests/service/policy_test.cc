// The permission table (service/policy.h): every action has a row, scopes
// nest as documented, and roles map to the documented permissions.
#include "service/policy.h"

#include <gtest/gtest.h>

#include <set>

#include "core/random.h"
#include "service/app_names.h"

namespace latchkey::service::policy {
namespace {

using V = std::vector<std::string>;

AppRole role(bool owner, std::string team_role = "", V collaborator = {}) {
  AppRole r;
  r.owner = owner;
  r.team_role = std::move(team_role);
  r.collaborator = std::move(collaborator);
  return r;
}

TEST(Policy, EveryActionHasItsOwnName) {
  std::set<std::string_view> names;
  for (Action a : kAllActions) {
    EXPECT_FALSE(action_name(a).empty());
    EXPECT_TRUE(names.insert(action_name(a)).second) << action_name(a);
    EXPECT_FALSE(scope_needed(a).empty());
  }
}

TEST(Policy, ScopesNest) {
  EXPECT_FALSE(scope_allows(V{"identity"}, Action::kAppRead));
  EXPECT_TRUE(scope_allows(V{"read"}, Action::kAppRead));
  EXPECT_FALSE(scope_allows(V{"read"}, Action::kConfigRead));
  EXPECT_FALSE(scope_allows(V{"read"}, Action::kGitPush));
  EXPECT_TRUE(scope_allows(V{"write"}, Action::kGitPush));
  EXPECT_TRUE(scope_allows(V{"write"}, Action::kAppRead));
  EXPECT_FALSE(scope_allows(V{"write"}, Action::kConfigRead));
  EXPECT_FALSE(scope_allows(V{"write"}, Action::kConfigWrite));
  EXPECT_TRUE(scope_allows(V{"read-protected"}, Action::kConfigRead));
  EXPECT_FALSE(scope_allows(V{"read-protected"}, Action::kConfigWrite));
  EXPECT_FALSE(scope_allows(V{"read-protected"}, Action::kAppUpdate));
  EXPECT_TRUE(scope_allows(V{"write-protected"}, Action::kConfigWrite));
  EXPECT_TRUE(scope_allows(V{"write-protected"}, Action::kAppDelete));
  EXPECT_TRUE(scope_allows(V{"identity", "read"}, Action::kAppRead));
  for (Action a : kAllActions) EXPECT_TRUE(scope_allows(V{"global"}, a));
  EXPECT_FALSE(scope_allows(V{}, Action::kAppRead));
}

TEST(Policy, RolesGivePermissions) {
  EXPECT_EQ(effective_permissions(role(true)), (V{"view", "deploy", "operate", "manage"}));
  EXPECT_EQ(effective_permissions(role(false, "admin")), (V{"view", "deploy", "operate", "manage"}));
  EXPECT_EQ(effective_permissions(role(false, "viewer")), (V{"view"}));
  EXPECT_EQ(effective_permissions(role(false, "member")), V{});
  EXPECT_EQ(effective_permissions(role(false)), V{});
  EXPECT_EQ(effective_permissions(role(false, "", {"view", "deploy"})), (V{"view", "deploy"}));
  EXPECT_EQ(effective_permissions(role(false, "", {"manage"})), (V{"view", "deploy", "operate", "manage"}));
}

TEST(Policy, DecisionOrderIsHiddenThenScopeThenPermission) {
  const AppRole stranger = role(false);
  EXPECT_EQ(decide_app(V{"global"}, Action::kAppRead, stranger).kind, Decision::kHidden);
  const AppRole viewer = role(false, "viewer");
  auto d = decide_app(V{"identity"}, Action::kAppDelete, viewer);
  EXPECT_EQ(d.kind, Decision::kMissingScope);
  EXPECT_EQ(d.missing, "write");
  d = decide_app(V{"write"}, Action::kAppDelete, viewer);
  EXPECT_EQ(d.kind, Decision::kMissingPermission);
  EXPECT_EQ(d.missing, "manage");
  EXPECT_EQ(decide_app(V{"read"}, Action::kGitFetch, viewer).kind, Decision::kAllow);
  const AppRole deployer = role(false, "member", {"view", "deploy"});
  EXPECT_EQ(decide_app(V{"write"}, Action::kGitPush, deployer).kind, Decision::kAllow);
  EXPECT_EQ(decide_app(V{"read"}, Action::kGitPush, deployer).kind, Decision::kMissingScope);
  EXPECT_EQ(decide_app(V{"global"}, Action::kAppOperate, deployer).kind, Decision::kMissingPermission);
}

TEST(Policy, TeamRoles) {
  EXPECT_EQ(decide_team(V{"global"}, Action::kTeamRead, "").kind, Decision::kHidden);
  EXPECT_EQ(decide_team(V{"read"}, Action::kTeamRead, "viewer").kind, Decision::kAllow);
  EXPECT_EQ(decide_team(V{"global"}, Action::kTeamManage, "member").kind, Decision::kMissingPermission);
  EXPECT_EQ(decide_team(V{"global"}, Action::kTeamManage, "admin").kind, Decision::kAllow);
  EXPECT_EQ(decide_team(V{"read"}, Action::kTeamManage, "admin").kind, Decision::kMissingScope);
  EXPECT_EQ(decide_team(V{"write"}, Action::kTeamAppCreate, "member").kind, Decision::kAllow);
  EXPECT_EQ(decide_team(V{"write"}, Action::kTeamAppCreate, "viewer").kind, Decision::kMissingPermission);
}

TEST(AppNames, Rules) {
  for (const char* ok : {"abc", "my-app-2", "a1b", "x23456789012345678901234567890"})
    EXPECT_TRUE(valid_app_name(ok)) << ok;
  for (const char* bad : {"", "ab", "Abc", "1ab", "ab-", "a_b", "a b", "x234567890123456789012345678901"})
    EXPECT_FALSE(valid_app_name(bad)) << bad;
  EXPECT_TRUE(valid_config_key("DATABASE_URL"));
  EXPECT_TRUE(valid_config_key("x1"));
  EXPECT_FALSE(valid_config_key(""));
  EXPECT_FALSE(valid_config_key("A-B"));
  EXPECT_FALSE(valid_config_key("A=B"));
  EXPECT_FALSE(valid_config_key(std::string(257, 'A')));
}

TEST(AppNames, GeneratedNamesAreValid) {
  SodiumRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto name = generate_app_name(random);
    EXPECT_TRUE(valid_app_name(name)) << name;
    seen.insert(name);
  }
  EXPECT_GT(seen.size(), 190u);
}

}  // namespace
}  // namespace latchkey::service::policy
