// Which branch a push deployed.
#include "git/push_result.h"

#include <gtest/gtest.h>

namespace latchkey::git {
namespace {

TEST(PushResult, NewMainIsDeployed) {
  const auto d = deployed_branch({}, {{"refs/heads/main", "a1"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ref, "refs/heads/main");
  EXPECT_EQ(d->sha, "a1");
}

TEST(PushResult, MainThenMasterThenTheFirstUpdatedBranch) {
  const RefMap before = {{"refs/heads/main", "1"}, {"refs/heads/master", "2"}, {"refs/heads/a", "3"}};
  EXPECT_EQ(deployed_branch(before, {{"refs/heads/main", "9"}, {"refs/heads/master", "8"}, {"refs/heads/a", "7"}})->ref,
            "refs/heads/main");
  EXPECT_EQ(deployed_branch(before, {{"refs/heads/main", "1"}, {"refs/heads/master", "8"}, {"refs/heads/a", "7"}})->ref,
            "refs/heads/master");
  const auto d = deployed_branch(before, {{"refs/heads/main", "1"}, {"refs/heads/master", "2"},
                                          {"refs/heads/a", "3"}, {"refs/heads/z", "5"}, {"refs/heads/b", "4"}});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ref, "refs/heads/b");
  EXPECT_EQ(d->sha, "4");
}

TEST(PushResult, TagsDeletionsAndNoChangeDeployNothing) {
  const RefMap before = {{"refs/heads/main", "1"}, {"refs/heads/old", "2"}};
  EXPECT_FALSE(deployed_branch(before, before));
  EXPECT_FALSE(deployed_branch(before, {{"refs/heads/main", "1"}}));  // old deleted
  EXPECT_FALSE(deployed_branch(before, {{"refs/heads/main", "1"}, {"refs/heads/old", "2"},
                                        {"refs/tags/v1", "3"}}));
}

}  // namespace
}  // namespace latchkey::git
