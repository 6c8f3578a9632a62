// The CLI's view of git: the remotes of the repository in the current
// directory, and the user's global configuration (where `login` installs the
// credential helper). ProcessGit runs the `git` program; tests pass a fake.
//
// Also the pure rules shared by the app and git commands, as the heroku CLI
// applies them (compat spec A.4, B.22, B.28):
//   * the git host is host[:port] of the API URL, or $LATCHKEY_GIT_HOST /
//     $HEROKU_GIT_HOST;
//   * an app's remote is always https://<git host>/<app>.git (the app's own
//     git_url is not used to build remotes);
//   * a remote names an app when its URL is that form (also the ssh forms
//     git@<git host>:<app>.git and ssh://git@<git host>/<app>.git).
// Thread safety: a Git object is used by one thread; the free functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/context.h"
#include "cli/failure.h"

namespace latchkey::cli {

struct GitRemote {
  std::string name;
  std::string url;  // the fetch URL
  bool operator==(const GitRemote&) const = default;
};

class Git {
 public:
  virtual ~Git() = default;
  // The remotes of the repository around the current directory; nullopt when
  // there is none (not inside a work tree, or git is not installed).
  virtual std::optional<std::vector<GitRemote>> remotes() = 0;
  virtual Outcome<void> add_remote(const std::string& name, const std::string& url) = 0;
  virtual Outcome<void> set_remote_url(const std::string& name, const std::string& url) = 0;
  virtual Outcome<void> remove_remote(const std::string& name) = 0;
  // `git config --global` KEY: nullopt when unset (or git is missing).
  virtual std::optional<std::string> global_config(const std::string& key) = 0;
  virtual Outcome<void> set_global_config(const std::string& key, const std::string& value) = 0;
  virtual Outcome<void> unset_global_config(const std::string& key) = 0;
};

// Runs `git` (found on $PATH) in the current directory and waits for it.
class ProcessGit final : public Git {
 public:
  std::optional<std::vector<GitRemote>> remotes() override;
  Outcome<void> add_remote(const std::string& name, const std::string& url) override;
  Outcome<void> set_remote_url(const std::string& name, const std::string& url) override;
  Outcome<void> remove_remote(const std::string& name) override;
  std::optional<std::string> global_config(const std::string& key) override;
  Outcome<void> set_global_config(const std::string& key, const std::string& value) override;
  Outcome<void> unset_global_config(const std::string& key) override;
};

// The fetch remotes listed by `git remote -v` ("name\turl (fetch)" lines).
std::vector<GitRemote> parse_remote_list(std::string_view text);

// host[:port] git serves apps on.
Outcome<std::string> git_host(const Environment& env, std::string_view api_url);

// https://<git host>/<app>.git
std::string app_remote_url(std::string_view git_host, std::string_view app);

// The app a remote URL points at on `git_host`, or nullopt.
std::optional<std::string> app_of_remote(std::string_view url, std::string_view git_host);

// The git config key of the credential helper for https://<git host>.
std::string credential_helper_key(std::string_view git_host);

// The helper command line for `git config`: "!<binary> git:credentials", the
// path shell-quoted when needed (git runs "!" helpers through the shell).
// With `api_url` the helper asks that server's stored token, so it works
// without $LATCHKEY_API_URL after `latchkey --api-url URL login`.
std::string credential_helper_value(std::string_view binary, std::string_view api_url = {});

// True for a helper value installed by us or by the heroku CLI
// ("!... git:credentials"), which logout may remove.
bool is_cli_credential_helper(std::string_view value);

}  // namespace latchkey::cli
