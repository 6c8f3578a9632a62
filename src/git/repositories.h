// The apps' bare git repositories: <root>/<app id>.git (by id, so a rename
// keeps its repository), created on first use with `git init --bare`
// (initial branch main). Creation is race-safe: init into <root>/.tmp, then
// rename(2) into place; the loser of a race discards its copy. Removal
// renames the repository away first, so a half-deleted one is never served.
// <root>/.home is the empty HOME the git children get.
// All methods block on the file system and on git: call them from a worker
// thread, never from an I/O thread.
// Thread safety: thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/random.h"
#include "core/result.h"
#include "git/push_result.h"
#include "service/apps.h"

namespace latchkey::git {

class GitRepositories final : public service::Repositories {
 public:
  // Creates <root>, <root>/.tmp and <root>/.home (0700) and clears leftovers
  // in .tmp. `git` is the absolute path of the git program.
  static Result<std::unique_ptr<GitRepositories>> open(std::string root, std::string git,
                                                       Random& random);

  const std::string& root() const { return root_; }
  const std::string& git() const { return git_; }
  std::string home() const { return root_ + "/.home"; }
  std::string spool_dir() const { return root_ + "/.tmp"; }

  // "<id>.git", or "" when `app_id` is not a plain id (never a path).
  static std::string directory_name(const std::string& app_id);

  // Creates the repository if missing; returns its path.
  Result<std::string> ensure(const std::string& app_id);
  // Branches and tags with their commits.
  Result<RefMap> refs(const std::string& app_id);
  // Deletes the repository (AppService::destroy). Best effort.
  void remove(const std::string& app_id) override;

 private:
  GitRepositories(std::string root, std::string git, Random& random)
      : root_(std::move(root)), git_(std::move(git)), random_(random) {}
  std::vector<std::string> child_env() const;
  std::string scratch_path(const std::string& app_id);

  const std::string root_;
  const std::string git_;
  Random& random_;  // thread-safe (SodiumRandom)
};

}  // namespace latchkey::git
