// The environment git http-backend gets: exactly these variables, request
// headers only when they look like what git sends.
#include "git/cgi_env.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace latchkey::git {
namespace {

CgiEnvInput input() {
  return {.project_root = "/data/repos",
          .repository = "abc.git",
          .rest = "git-receive-pack",
          .home = "/data/repos/.home",
          .method = "POST",
          .query = "",
          .content_type = "application/x-git-receive-pack-request",
          .content_encoding = "gzip",
          .git_protocol = "version=2",
          .remote_user = "a@example.com",
          .remote_addr = "127.0.0.1"};
}

TEST(CgiEnv, ExactlyTheVariablesGitNeeds) {
  auto env = cgi_env(input());
  std::sort(env.begin(), env.end());
  const std::vector<std::string> want = {
      "CONTENT_TYPE=application/x-git-receive-pack-request",
      "GATEWAY_INTERFACE=CGI/1.1",
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_HTTP_EXPORT_ALL=1",
      "GIT_PROJECT_ROOT=/data/repos",
      "GIT_PROTOCOL=version=2",
      "GIT_TERMINAL_PROMPT=0",
      "HOME=/data/repos/.home",
      "HTTP_CONTENT_ENCODING=gzip",
      "PATH=/usr/local/bin:/usr/bin:/bin",
      "PATH_INFO=/abc.git/git-receive-pack",
      "QUERY_STRING=",
      "REMOTE_ADDR=127.0.0.1",
      "REMOTE_USER=a@example.com",
      "REQUEST_METHOD=POST",
  };
  EXPECT_EQ(env, want);
}

TEST(CgiEnv, OddHeaderValuesAreLeftOut) {
  auto in = input();
  in.content_type = "";
  in.content_encoding = "gzip\x01";
  in.git_protocol = std::string(300, 'v');
  in.query = "service=git-upload-pack\x7f";
  const auto env = cgi_env(in);
  for (const auto& e : env) {
    EXPECT_FALSE(e.starts_with("CONTENT_TYPE=")) << e;
    EXPECT_FALSE(e.starts_with("HTTP_CONTENT_ENCODING=")) << e;
    EXPECT_FALSE(e.starts_with("GIT_PROTOCOL=")) << e;
    EXPECT_FALSE(e.starts_with("CONTENT_LENGTH=")) << e;  // the server's to add
  }
  EXPECT_NE(std::find(env.begin(), env.end(), "QUERY_STRING="), env.end());
}

}  // namespace
}  // namespace latchkey::git
