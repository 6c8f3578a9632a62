// Which paths the git endpoint owns and how it routes them (smart HTTP only).
#include "git/git_route.h"

#include <gtest/gtest.h>

namespace latchkey::git {
namespace {
using Kind = GitRoute::Kind;

TEST(GitRoute, OwnsEveryPathUnderADotGitFirstSegment) {
  EXPECT_TRUE(is_git_path("/myapp.git"));
  EXPECT_TRUE(is_git_path("/myapp.git/info/refs"));
  EXPECT_TRUE(is_git_path("/myapp.git/objects/ab/cdef"));
  EXPECT_FALSE(is_git_path("/.git/info/refs"));
  EXPECT_FALSE(is_git_path("/apps/myapp.git"));
  EXPECT_FALSE(is_git_path("/apps"));
  EXPECT_FALSE(is_git_path("/"));
  EXPECT_FALSE(is_git_path(""));
  EXPECT_FALSE(is_git_path("/myapp.gitx/info/refs"));
}

TEST(GitRoute, AdvertisementsForBothServices) {
  auto r = route_git_request("GET", "/myapp.git/info/refs", "service=git-upload-pack");
  ASSERT_EQ(r.kind, Kind::kOk);
  EXPECT_EQ(r.app, "myapp");
  EXPECT_TRUE(r.advertisement);
  EXPECT_EQ(r.service, GitService::kUploadPack);
  EXPECT_EQ(r.rest(), "info/refs");

  r = route_git_request("GET", "/0190a5e4-1234-7abc-8def-0123456789ab.git/info/refs",
                        "x=1&service=git-receive-pack");
  ASSERT_EQ(r.kind, Kind::kOk);
  EXPECT_EQ(r.app, "0190a5e4-1234-7abc-8def-0123456789ab");
  EXPECT_EQ(r.service, GitService::kReceivePack);
}

TEST(GitRoute, ServicePosts) {
  auto r = route_git_request("POST", "/a1.git/git-receive-pack", "");
  ASSERT_EQ(r.kind, Kind::kOk);
  EXPECT_FALSE(r.advertisement);
  EXPECT_EQ(r.service, GitService::kReceivePack);
  EXPECT_EQ(r.rest(), "git-receive-pack");
  r = route_git_request("POST", "/a1.git/git-upload-pack", "");
  ASSERT_EQ(r.kind, Kind::kOk);
  EXPECT_EQ(r.rest(), "git-upload-pack");
}

TEST(GitRoute, WrongMethodsNameTheRightOne) {
  auto r = route_git_request("POST", "/a1.git/info/refs", "service=git-upload-pack");
  EXPECT_EQ(r.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(r.allow, "GET");
  r = route_git_request("GET", "/a1.git/git-upload-pack", "");
  EXPECT_EQ(r.kind, Kind::kMethodNotAllowed);
  EXPECT_EQ(r.allow, "POST");
}

TEST(GitRoute, NoDumbProtocolAndNoOddNames) {
  for (auto [method, path, query] : std::initializer_list<std::array<const char*, 3>>{
           {"GET", "/a1.git/info/refs", ""},                          // dumb client
           {"GET", "/a1.git/info/refs", "service=git-upload-archive"},
           {"GET", "/a1.git/HEAD", ""},
           {"GET", "/a1.git/objects/info/packs", ""},
           {"GET", "/a1.git", ""},
           {"GET", "/a1.git/", ""},
           {"POST", "/a1.git/git-receive-pack/extra", ""},
           {"GET", "/../x.git/info/refs", "service=git-upload-pack"},
           {"GET", "/a%2e.git/info/refs", "service=git-upload-pack"},
           {"GET", "/a_b.git/info/refs", "service=git-upload-pack"},
       }) {
    EXPECT_EQ(route_git_request(method, path, query).kind, Kind::kNotFound) << path << "?" << query;
  }
}

}  // namespace
}  // namespace latchkey::git
