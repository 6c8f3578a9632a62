// The environment `git http-backend` runs with (RFC 3875 meta-variables plus
// git's own). Built from scratch: nothing of latchkeyd's environment reaches
// the child, and request headers go in only when they look like what git sends.
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace latchkey::git {

struct CgiEnvInput {
  std::string project_root;   // GIT_PROJECT_ROOT: the directory of the bare repos
  std::string repository;     // "<app id>.git"
  std::string rest;           // "info/refs", "git-upload-pack", "git-receive-pack"
  std::string home;           // HOME: an empty directory
  std::string method;
  std::string query;
  std::string content_type;       // request header, may be empty
  std::string content_encoding;   // request header (gzip), may be empty
  std::string git_protocol;       // Git-Protocol request header ("version=2"), may be empty
  std::string remote_user;        // the account's email
  std::string remote_addr;
};

// "NAME=value" strings. CONTENT_LENGTH is the server's to add (the spooled size).
std::vector<std::string> cgi_env(const CgiEnvInput& in);

// The PATH the child sees.
inline constexpr const char* kChildPath = "/usr/local/bin:/usr/bin:/bin";

}  // namespace latchkey::git
