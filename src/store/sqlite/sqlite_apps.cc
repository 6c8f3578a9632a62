// AppStore on SQLite: apps, their config vars and releases (collaborators are in
// sqlite_collaborators.cc). Reads join the owner's email and the team's name.
// A release's version is MAX(version) + 1 of its app, computed in the writing
// transaction (writes are serialized on one connection); a config change that
// changes nothing writes nothing.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kSelectApps =
    "SELECT a.id, a.name, COALESCE(a.owner_id, ''), COALESCE(a.team_id, ''), COALESCE(t.name, ''), COALESCE(o.email, ''), "
    "a.region, a.stack, a.maintenance, a.created_at, a.updated_at, a.released_at "
    "FROM apps a LEFT JOIN accounts o ON o.id = a.owner_id LEFT JOIN teams t ON t.id = a.team_id ";

model::App read_app(const Stmt& s) {
  model::App a;
  a.id = s.text(0);
  a.name = s.text(1);
  a.owner_id = s.text(2);
  a.team_id = s.text(3);
  a.team_name = s.text(4);
  a.owner_email = s.text(5);
  a.region = s.text(6);
  a.stack = s.text(7);
  a.maintenance = s.boolean(8);
  a.created_at = s.int64(9);
  a.updated_at = s.int64(10);
  a.released_at = s.opt_int64(11).value_or(0);
  return a;
}

Error no_app() { return not_found("app", "Couldn't find that app."); }

Result<std::vector<model::App>> read_apps(Stmt& stmt) {
  std::vector<model::App> out;
  for (;;) {
    auto row = stmt.step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_app(stmt));
  }
}

// One app by `where` (over kSelectApps' aliases, ?1 bound to `arg`).
Result<model::App> find_app(Db& db, const char* where, const std::string& arg) {
  auto stmt = db.prepare(std::string(kSelectApps) + where);
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(arg);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(no_app());
  return read_app(*stmt);
}

Result<std::map<std::string, std::string>> read_config(Db& db, const std::string& app_id) {
  auto stmt = db.prepare("SELECT key, value FROM config_vars WHERE app_id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(app_id);
  std::map<std::string, std::string> vars;
  for (;;) {
    auto row = stmt->step();
    if (!row) return fail(row.error());
    if (!*row) return vars;
    vars.emplace(stmt->text(0), stmt->text(1));
  }
}

// Sets (or, with no value, deletes) one config var; true if the row changed.
Result<bool> apply_config(Db& db, const std::string& app_id, const std::string& key,
                          const std::optional<std::string>& value) {
  if (!value) {
    auto stmt = db.prepare("DELETE FROM config_vars WHERE app_id = ?1 AND key = ?2");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app_id, key);
    if (auto st = stmt->run(); !st) return fail(st.error());
    return db.changes() > 0;
  }
  // The WHERE on DO UPDATE makes setting the same value a no-change (0 changes).
  auto stmt = db.prepare(
      "INSERT INTO config_vars (app_id, key, value) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value "
      "WHERE config_vars.value IS NOT excluded.value");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(app_id, key, *value);
  if (auto st = stmt->run("app"); !st) return fail(st.error());
  return db.changes() > 0;
}

// Appends `r` as the next release of its app (which must exist), marks the app
// released at r.created_at and returns `r` with its version and email.
Result<model::Release> insert_release(Db& db, model::Release r) {
  {
    auto stmt = db.prepare(
        "INSERT INTO releases (id, app_id, version, description, account_id, status, created_at) "
        "SELECT ?1, ?2, COALESCE(MAX(version), 0) + 1, ?3, ?4, ?5, ?6 FROM releases "
        "WHERE app_id = ?2 RETURNING version");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(r.id, r.app_id, r.description, r.account_id, r.status, r.created_at);
    auto row = stmt->step("app");
    if (!row) return fail(row.error());
    if (!*row) return fail(internal("sqlite: INSERT ... RETURNING version returned no row"));
    r.version = static_cast<int>(stmt->int64(0));
    if (auto st = stmt->run("app"); !st) return fail(st.error());
  }
  {
    auto stmt = db.prepare("UPDATE apps SET released_at = ?2 WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(r.app_id, r.created_at);
    if (auto st = stmt->run(); !st) return fail(st.error());
  }
  auto stmt = db.prepare("SELECT email FROM accounts WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(r.account_id);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  r.email = *row ? stmt->text(0) : std::string();
  return r;
}

Status require_team(Db& db, const std::string& team_id) {
  auto stmt = db.prepare("SELECT 1 FROM teams WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(team_id);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(not_found("team", "Couldn't find that team."));
  return {};
}

}  // namespace

Status require_app(Db& db, const std::string& app_id) {
  auto stmt = db.prepare("SELECT 1 FROM apps WHERE id = ?1");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(app_id);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(no_app());
  return {};
}

Status SqliteApps::create(const model::App& app, const model::Release& first,
                          const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (!app.team_id.empty()) {
      if (auto st = require_team(db, app.team_id); !st) return st;
    }
    auto stmt = db.prepare(
        "INSERT INTO apps (id, name, owner_id, team_id, region, stack, maintenance, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    if (!stmt) return fail(stmt.error());
    std::optional<std::string> team;
    if (!app.team_id.empty()) team = app.team_id;
    stmt->bind_all(app.id, app.name, app.owner_id, team, app.region, app.stack, app.maintenance,
                   app.created_at, app.updated_at);
    if (auto st = stmt->run("account"); !st) return st;
    model::Release release = first;
    release.app_id = app.id;
    if (auto r = insert_release(db, std::move(release)); !r) return fail(r.error());
    return insert_audit(db, event);
  });
}

Result<model::App> SqliteApps::find(const std::string& id_or_name) {
  return c_.read(
      [&](Db& db) { return find_app(db, "WHERE a.id = ?1 OR a.name = ?1", id_or_name); });
}

Result<std::vector<model::App>> SqliteApps::list_for(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::App>> {
    // A UNION of ids, so an app reached several ways is listed once.
    auto stmt = db.prepare(std::string(kSelectApps) +
                           "WHERE a.id IN (SELECT id FROM apps WHERE owner_id = ?1 "
                           "UNION SELECT app_id FROM collaborators WHERE account_id = ?1 "
                           "UNION SELECT x.id FROM apps x JOIN team_members m "
                           "ON m.team_id = x.team_id WHERE m.account_id = ?1) "
                           "ORDER BY a.created_at, a.rowid");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    return read_apps(*stmt);
  });
}

Result<std::vector<model::App>> SqliteApps::list_team(const std::string& team_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::App>> {
    auto stmt = db.prepare(std::string(kSelectApps) +
                           "WHERE a.team_id = ?1 ORDER BY a.created_at, a.rowid");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(team_id);
    return read_apps(*stmt);
  });
}

Status SqliteApps::update(const model::App& app, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "UPDATE apps SET name = ?2, maintenance = ?3, updated_at = ?4 WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app.id, app.name, app.maintenance, app.updated_at);
    if (auto st = stmt->run(); !st) return st;
    if (db.changes() == 0) return fail(no_app());
    return insert_audit(db, event);
  });
}

Result<model::App> SqliteApps::remove(const std::string& app_id, const model::AuditEvent& event) {
  // Config vars, releases and collaborators go by ON DELETE CASCADE.
  return c_.write([&](Db& db) -> Result<model::App> {
    auto app = find_app(db, "WHERE a.id = ?1", app_id);
    if (!app) return fail(app.error());
    auto stmt = db.prepare("DELETE FROM apps WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app_id);
    if (auto st = stmt->run(); !st) return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return app;
  });
}

Result<std::map<std::string, std::string>> SqliteApps::config_vars(const std::string& app_id) {
  return c_.read([&](Db& db) -> Result<std::map<std::string, std::string>> {
    if (auto st = require_app(db, app_id); !st) return fail(st.error());
    return read_config(db, app_id);
  });
}

Result<AppStore::ConfigChange> SqliteApps::change_config_vars(
    const std::string& app_id,
    const std::vector<std::pair<std::string, std::optional<std::string>>>& changes,
    model::Release release, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<ConfigChange> {
    if (auto st = require_app(db, app_id); !st) return fail(st.error());
    bool changed = false;
    for (const auto& [key, value] : changes) {
      auto c = apply_config(db, app_id, key, value);
      if (!c) return fail(c.error());
      changed = changed || *c;
    }
    ConfigChange out;
    release.app_id = app_id;
    release.version = 0;
    if (changed) {
      auto written = insert_release(db, std::move(release));
      if (!written) return fail(written.error());
      out.release = std::move(*written);
      if (auto st = insert_audit(db, event); !st) return fail(st.error());
    } else {
      out.release = std::move(release);
    }
    auto vars = read_config(db, app_id);
    if (!vars) return fail(vars.error());
    out.vars = std::move(*vars);
    return out;
  });
}

Result<model::Release> SqliteApps::add_release(model::Release release,
                                               const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<model::Release> {
    if (auto st = require_app(db, release.app_id); !st) return fail(st.error());
    auto written = insert_release(db, std::move(release));
    if (!written) return fail(written.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return written;
  });
}

Result<std::vector<model::Release>> SqliteApps::releases(const std::string& app_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Release>> {
    if (auto st = require_app(db, app_id); !st) return fail(st.error());
    auto stmt = db.prepare(
        "SELECT r.id, r.app_id, r.version, r.description, r.account_id, COALESCE(a.email, ''), "
        "r.status, r.created_at FROM releases r LEFT JOIN accounts a ON a.id = r.account_id "
        "WHERE r.app_id = ?1 ORDER BY r.version");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(app_id);
    std::vector<model::Release> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      model::Release r;
      r.id = stmt->text(0);
      r.app_id = stmt->text(1);
      r.version = static_cast<int>(stmt->int64(2));
      r.description = stmt->text(3);
      r.account_id = stmt->text(4);
      r.email = stmt->text(5);
      r.status = stmt->text(6);
      r.created_at = stmt->int64(7);
      out.push_back(std::move(r));
    }
  });
}

}  // namespace latchkey::store::sqlite
