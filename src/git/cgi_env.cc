#include "git/cgi_env.h"

#include <algorithm>

namespace latchkey::git {
namespace {

constexpr std::size_t kMaxHeaderValue = 256;

// Printable ASCII only, bounded: a header copied into the environment must
// not carry anything a shell or git could read as more than a value.
bool printable(const std::string& v) {
  return !v.empty() && v.size() <= kMaxHeaderValue &&
         std::all_of(v.begin(), v.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

std::vector<std::string> cgi_env(const CgiEnvInput& in) {
  std::vector<std::string> env = {
      "GATEWAY_INTERFACE=CGI/1.1",
      "GIT_PROJECT_ROOT=" + in.project_root,
      "PATH_INFO=/" + in.repository + "/" + in.rest,
      "GIT_HTTP_EXPORT_ALL=1",
      // http-backend enables receive-pack for an authenticated REMOTE_USER.
      "REMOTE_USER=" + in.remote_user,
      "REMOTE_ADDR=" + in.remote_addr,
      "REQUEST_METHOD=" + in.method,
      "QUERY_STRING=" + (printable(in.query) ? in.query : std::string()),
      std::string("PATH=") + kChildPath,
      "HOME=" + in.home,
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_TERMINAL_PROMPT=0",
  };
  if (printable(in.content_type)) env.push_back("CONTENT_TYPE=" + in.content_type);
  if (printable(in.content_encoding)) env.push_back("HTTP_CONTENT_ENCODING=" + in.content_encoding);
  if (printable(in.git_protocol)) env.push_back("GIT_PROTOCOL=" + in.git_protocol);
  return env;
}

}  // namespace latchkey::git
