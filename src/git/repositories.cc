#include "git/repositories.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "git/cgi_env.h"
#include "git/git_command.h"

namespace latchkey::git {
namespace fs = std::filesystem;

namespace {

Status make_private_dir(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return fail(internal("cannot create " + path + ": " + ec.message()));
  ::chmod(path.c_str(), 0700);
  return {};
}

}  // namespace

Result<std::unique_ptr<GitRepositories>> GitRepositories::open(std::string root, std::string git,
                                                               Random& random) {
  std::unique_ptr<GitRepositories> repos(new GitRepositories(std::move(root), std::move(git), random));
  for (const auto& dir : {repos->root_, repos->spool_dir(), repos->home()})
    if (auto ok = make_private_dir(dir); !ok) return fail(ok.error());
  // Half-made or half-removed repositories and spooled bodies of a previous run.
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(repos->spool_dir(), ec)) {
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
  return repos;
}

std::string GitRepositories::directory_name(const std::string& app_id) {
  const bool plain = !app_id.empty() && app_id.size() <= 64 &&
                     std::all_of(app_id.begin(), app_id.end(), [](char c) {
                       return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-';
                     });
  return plain ? app_id + ".git" : std::string();
}

std::vector<std::string> GitRepositories::child_env() const {
  return {std::string("PATH=") + kChildPath, "HOME=" + home(), "GIT_CONFIG_NOSYSTEM=1",
          "GIT_TERMINAL_PROMPT=0"};
}

std::string GitRepositories::scratch_path(const std::string& app_id) {
  std::array<std::uint8_t, 8> bytes{};
  random_.fill(bytes);
  std::string suffix;
  for (auto b : bytes) {
    char hex[3];
    (void)std::snprintf(hex, sizeof hex, "%02x", b);  // two hex digits always fit
    suffix += hex;
  }
  return spool_dir() + "/" + app_id + "-" + suffix;
}

Result<std::string> GitRepositories::ensure(const std::string& app_id) {
  const std::string name = directory_name(app_id);
  if (name.empty()) return fail(internal("not a repository id: " + app_id));
  const std::string path = root_ + "/" + name;
  std::error_code ec;
  if (fs::exists(path + "/HEAD", ec)) return path;

  const std::string scratch = scratch_path(app_id);
  auto made = run_git({.program = git_,
                       .args = {"init", "--bare", "--quiet", "--initial-branch=main", scratch},
                       .env = child_env()});
  if (!made) {
    fs::remove_all(scratch, ec);
    return fail(made.error());
  }
  if (::rename(scratch.c_str(), path.c_str()) != 0) {
    const int e = errno;
    fs::remove_all(scratch, ec);
    // Another request created it first: theirs is as good as ours.
    if ((e == EEXIST || e == ENOTEMPTY) && fs::exists(path + "/HEAD", ec)) return path;
    return fail(internal("cannot move the new repository to " + path + ": " + std::generic_category().message(e)));
  }
  return path;
}

Result<RefMap> GitRepositories::refs(const std::string& app_id) {
  auto path = ensure(app_id);
  if (!path) return fail(path.error());
  auto out = run_git({.program = git_,
                      .args = {"--git-dir=" + *path, "for-each-ref",
                               "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"},
                      .env = child_env()});
  if (!out) return fail(out.error());
  RefMap refs;
  std::size_t pos = 0;
  while (pos < out->size()) {
    const std::size_t nl = out->find('\n', pos);
    const std::string line = out->substr(pos, nl - pos);
    pos = nl == std::string::npos ? out->size() : nl + 1;
    const auto space = line.find(' ');
    if (space != std::string::npos) refs[line.substr(space + 1)] = line.substr(0, space);
  }
  return refs;
}

void GitRepositories::remove(const std::string& app_id) {
  const std::string name = directory_name(app_id);
  if (name.empty()) return;
  const std::string path = root_ + "/" + name;
  const std::string doomed = scratch_path(app_id);
  if (::rename(path.c_str(), doomed.c_str()) != 0) return;  // never created
  std::error_code ec;
  fs::remove_all(doomed, ec);
}

}  // namespace latchkey::git
