// Use cases for apps, their config vars, releases and collaborators, and for
// teams (Heroku Platform API). Every call takes the Principal and asks
// service/policy.h first: an app the caller may not see is kNotFound("app")
// exactly like a missing one; a missing scope or permission is kForbidden
// whose message names it, and is audited as authz.denied. Roles are read on
// every call, so a change of role takes effect on the next request.
// Thread safety: thread-safe (stateless apart from its collaborators).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/app.h"
#include "service/deps.h"
#include "service/policy.h"
#include "service/principal.h"
#include "service/request_info.h"

namespace latchkey::service {

// Where apps' git repositories live (src/git implements it). The service only
// asks for removal when an app is destroyed; repositories are created on first use.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual void remove(const std::string& app_id) = 0;  // best effort
};

struct AppSettings {
  std::string git_host;    // host[:port] in git_url: https://<git_host>/<name>.git
  std::string web_domain = "latchkeyapp.localhost";  // web_url: https://<name>.<web_domain>/
};

struct CreateApp {
  std::optional<std::string> name;  // absent: generated
  std::optional<std::string> region;
  std::optional<std::string> stack;
  std::optional<std::string> team;  // name or id: a team app
};

struct UpdateApp {
  std::optional<std::string> name;
  std::optional<bool> maintenance;
};

// An app together with what the caller is to it.
struct AppAccess {
  model::App app;
  policy::AppRole role;
  std::vector<std::string> permissions;  // effective
};

// A list read from one app, with the app it belongs to (for the API's
// {app, ...} shapes), so a caller needs no second lookup of the app.
template <class T>
struct AppItems {
  model::App app;
  std::vector<T> items;
};

// A collaborator together with its app (for the API's {app, user, ...} shape).
struct AppCollaborator {
  model::App app;
  model::Collaborator collaborator;
};

class AppService {
 public:
  AppService(Deps deps, AppSettings settings, Repositories* repos = nullptr)
      : deps_(deps), settings_(std::move(settings)), repos_(repos) {}

  const AppSettings& settings() const { return settings_; }
  // When the git host is only known once the server listens. Call before serving.
  void set_git_host(std::string host) { settings_.git_host = std::move(host); }
  void set_repositories(Repositories* repos) { repos_ = repos; }

  // Resolves `app` (name or id) for the caller and checks `action` against the
  // policy. The one gate every app use case (and the git endpoint) passes.
  Result<AppAccess> authorize(const Principal& p, const std::string& app, policy::Action action,
                              const RequestInfo& info);

  // Creates the app with release v1 "Initial release". With a team: the caller
  // must be a team admin or member; a member becomes a collaborator with every
  // permission. kInvalidParams for a bad name, kConflict if taken.
  Result<model::App> create(const Principal& p, const CreateApp& params, const RequestInfo& info);
  // Every app the caller may see (owned, collaborated, through a team).
  Result<std::vector<AppAccess>> list(const Principal& p, const RequestInfo& info);
  // The team's apps the caller may see (kNotFound("team") if not a member).
  Result<std::vector<AppAccess>> list_team(const Principal& p, const std::string& team,
                                           const RequestInfo& info);
  Result<AppAccess> get(const Principal& p, const std::string& app, const RequestInfo& info);
  Result<model::App> update(const Principal& p, const std::string& app, const UpdateApp& change,
                            const RequestInfo& info);
  Result<model::App> destroy(const Principal& p, const std::string& app, const RequestInfo& info);

  // Restarts the app's dynos (needs operate). Latchkey runs no dynos: the
  // restart is only recorded (audit app.restarted), so operate is enforceable.
  Result<model::App> restart(const Principal& p, const std::string& app, const RequestInfo& info);

  Result<std::map<std::string, std::string>> config_vars(const Principal& p, const std::string& app,
                                                         const RequestInfo& info);
  // A null value deletes the key. Records a release when anything changed.
  // kInvalidParams for a bad key. Returns the whole config after the change.
  Result<std::map<std::string, std::string>> change_config_vars(
      const Principal& p, const std::string& app,
      const std::vector<std::pair<std::string, std::optional<std::string>>>& changes,
      const RequestInfo& info);
  // Oldest first.
  Result<AppItems<model::Release>> releases(const Principal& p, const std::string& app,
                                            const RequestInfo& info);
  // A successful git push of `sha` (already authorized for kGitPush): release
  // "Deploy <first 7 of sha>" and audit git.push.
  Result<model::Release> record_deploy(const Principal& p, const model::App& app,
                                       const std::string& sha, const RequestInfo& info);

  Result<AppItems<model::Collaborator>> collaborators(const Principal& p, const std::string& app,
                                                      const RequestInfo& info);
  // `user`: email, account id or "~". `permissions` absent: on a personal app
  // view+deploy+operate (Heroku collaborator), on a team app view. "view" is
  // always added. kNotFound("user") for an unknown account, kConflict if it
  // already collaborates, kInvalidParams for an unknown permission or the owner.
  Result<AppCollaborator> add_collaborator(const Principal& p, const std::string& app,
                                               const std::string& user,
                                               const std::optional<std::vector<std::string>>& permissions,
                                               const RequestInfo& info);
  Result<AppCollaborator> update_collaborator(const Principal& p, const std::string& app,
                                                  const std::string& user,
                                                  const std::vector<std::string>& permissions,
                                                  const RequestInfo& info);
  // A collaborator may also remove itself (leave the app) with only view.
  Result<AppCollaborator> remove_collaborator(const Principal& p, const std::string& app,
                                                  const std::string& user,
                                                  const RequestInfo& info);

  std::string git_url(const model::App& app) const;
  std::string web_url(const model::App& app) const;

 private:
  Result<AppAccess> resolve(const Principal& p, const model::App& app);
  // The apps of `apps` the caller has any permission on, with its role.
  Result<std::vector<AppAccess>> visible(const Principal& p, Result<std::vector<model::App>> apps);

  Deps deps_;
  AppSettings settings_;
  Repositories* repos_;
};

class TeamService {
 public:
  explicit TeamService(Deps deps) : deps_(deps) {}

  // The caller becomes the team's admin. kInvalidParams for a bad name,
  // kConflict if taken.
  Result<model::Team> create(const Principal& p, const std::string& name, const RequestInfo& info);
  // Teams the caller belongs to (Team::role = its role).
  Result<std::vector<model::Team>> list(const Principal& p, const RequestInfo& info);
  Result<model::Team> get(const Principal& p, const std::string& team, const RequestInfo& info);
  Result<std::vector<model::TeamMember>> members(const Principal& p, const std::string& team,
                                                 const RequestInfo& info);
  // Adds the account with `email` or changes its role (team admins only).
  // kNotFound("user"), kInvalidParams for an unknown role; the last admin
  // cannot be demoted (kConflict).
  Result<model::TeamMember> put_member(const Principal& p, const std::string& team,
                                       const std::string& email, const std::string& role,
                                       const RequestInfo& info);
  // Team admins, or a member leaving; the last admin cannot leave (kConflict).
  Result<model::TeamMember> remove_member(const Principal& p, const std::string& team,
                                          const std::string& email, const RequestInfo& info);

 private:
  Deps deps_;
};

}  // namespace latchkey::service
