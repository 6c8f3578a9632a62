// Which smart-HTTP git request a path is (git-http-backend(1), "smart" only):
//   GET  /<app>.git/info/refs?service=git-upload-pack|git-receive-pack
//   POST /<app>.git/git-upload-pack
//   POST /<app>.git/git-receive-pack
// <app> is an app name or id. Anything else under /<app>.git is refused:
// there is no dumb protocol (no loose objects, no HEAD file over HTTP).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace latchkey::git {

enum class GitService { kUploadPack, kReceivePack };

struct GitRoute {
  enum class Kind { kOk, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
  std::string app;          // as in the path: a name or an id
  GitService service = GitService::kUploadPack;
  bool advertisement = false;  // info/refs (else the service's POST)
  std::string allow;        // kMethodNotAllowed: the Allow header
  // The path below the repository, for PATH_INFO: "info/refs",
  // "git-upload-pack" or "git-receive-pack".
  std::string_view rest() const;
};

// True for every path the git endpoint owns: the first segment ends in ".git".
bool is_git_path(std::string_view path);

GitRoute route_git_request(std::string_view method, std::string_view path, std::string_view query);

std::string_view service_name(GitService s);  // "git-upload-pack" | "git-receive-pack"

}  // namespace latchkey::git
