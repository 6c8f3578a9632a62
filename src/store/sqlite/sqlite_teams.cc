// TeamStore on SQLite: teams and their members (role admin | member | viewer).
// Member reads join the account (email, name, two-factor status). Removing a
// member also drops its collaborator rows on the team's apps, so leaving a team
// leaves its apps too; a team with apps cannot be removed.
#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

constexpr const char* kSelectMembers =
    "SELECT m.team_id, m.account_id, a.email, a.name, a.two_factor_enabled, m.role, m.created_at, "
    "m.updated_at FROM team_members m JOIN accounts a ON a.id = m.account_id ";

model::Team read_team(const Stmt& s) {
  model::Team t;
  t.id = s.text(0);
  t.name = s.text(1);
  t.created_at = s.int64(2);
  t.updated_at = s.int64(3);
  return t;
}

model::TeamMember read_member(const Stmt& s) {
  model::TeamMember m;
  m.team_id = s.text(0);
  m.account_id = s.text(1);
  m.email = s.text(2);
  m.name = s.text(3);
  m.two_factor = s.boolean(4);
  m.role = s.text(5);
  m.created_at = s.int64(6);
  m.updated_at = s.int64(7);
  return m;
}

Error no_team() { return not_found("team", "Couldn't find that team."); }
Error no_member() { return not_found("member", "Couldn't find that team member."); }

Result<model::Team> find_team(Db& db, const char* where, const std::string& arg) {
  auto stmt =
      db.prepare(std::string("SELECT id, name, created_at, updated_at FROM teams ") + where);
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(arg);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(no_team());
  return read_team(*stmt);
}

Result<model::TeamMember> find_one(Db& db, const std::string& team_id,
                                   const std::string& account_id) {
  auto stmt = db.prepare(std::string(kSelectMembers) + "WHERE m.team_id = ?1 AND m.account_id = ?2");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(team_id, account_id);
  auto row = stmt->step();
  if (!row) return fail(row.error());
  if (!*row) return fail(no_member());
  return read_member(*stmt);
}

Status upsert_member(Db& db, const model::TeamMember& m, const std::string& role) {
  auto stmt = db.prepare(
      "INSERT INTO team_members (team_id, account_id, role, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (team_id, account_id) DO UPDATE SET "
      "role = excluded.role, updated_at = excluded.updated_at");
  if (!stmt) return fail(stmt.error());
  stmt->bind_all(m.team_id, m.account_id, role, m.created_at, m.updated_at);
  return stmt->run("account");
}

}  // namespace

Status SqliteTeams::create(const model::Team& team, const model::TeamMember& creator,
                           const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO teams (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(team.id, team.name, team.created_at, team.updated_at);
    if (auto st = stmt->run(); !st) return st;
    model::TeamMember first = creator;
    first.team_id = team.id;
    if (auto st = upsert_member(db, first, "admin"); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::Team> SqliteTeams::find(const std::string& id_or_name) {
  return c_.read([&](Db& db) { return find_team(db, "WHERE id = ?1 OR name = ?1", id_or_name); });
}

Result<std::vector<model::Team>> SqliteTeams::list_for(const std::string& account_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::Team>> {
    auto stmt = db.prepare(
        "SELECT t.id, t.name, t.created_at, t.updated_at, m.role FROM teams t "
        "JOIN team_members m ON m.team_id = t.id WHERE m.account_id = ?1 ORDER BY t.name");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(account_id);
    std::vector<model::Team> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      model::Team t = read_team(*stmt);
      t.role = stmt->text(4);
      out.push_back(std::move(t));
    }
  });
}

Result<std::vector<model::TeamMember>> SqliteTeams::members(const std::string& team_id) {
  return c_.read([&](Db& db) -> Result<std::vector<model::TeamMember>> {
    if (auto t = find_team(db, "WHERE id = ?1", team_id); !t) return fail(t.error());
    auto stmt = db.prepare(std::string(kSelectMembers) + "WHERE m.team_id = ?1 ORDER BY a.email");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(team_id);
    std::vector<model::TeamMember> out;
    for (;;) {
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (!*row) return out;
      out.push_back(read_member(*stmt));
    }
  });
}

Result<model::TeamMember> SqliteTeams::find_member(const std::string& team_id,
                                                   const std::string& account_id) {
  return c_.read([&](Db& db) { return find_one(db, team_id, account_id); });
}

Status SqliteTeams::put_member(const model::TeamMember& member, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Status {
    if (auto t = find_team(db, "WHERE id = ?1", member.team_id); !t) return fail(t.error());
    if (auto st = upsert_member(db, member, member.role); !st) return st;
    return insert_audit(db, event);
  });
}

Result<model::TeamMember> SqliteTeams::remove_member(const std::string& team_id,
                                                     const std::string& account_id,
                                                     const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<model::TeamMember> {
    auto member = find_one(db, team_id, account_id);
    if (!member) return fail(member.error());
    {
      auto stmt = db.prepare("DELETE FROM team_members WHERE team_id = ?1 AND account_id = ?2");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(team_id, account_id);
      if (auto st = stmt->run(); !st) return fail(st.error());
    }
    {
      auto stmt = db.prepare(
          "DELETE FROM collaborators WHERE account_id = ?2 "
          "AND app_id IN (SELECT id FROM apps WHERE team_id = ?1)");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(team_id, account_id);
      if (auto st = stmt->run(); !st) return fail(st.error());
    }
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return member;
  });
}

Result<model::Team> SqliteTeams::remove(const std::string& team_id, const model::AuditEvent& event) {
  return c_.write([&](Db& db) -> Result<model::Team> {
    auto team = find_team(db, "WHERE id = ?1", team_id);
    if (!team) return fail(team.error());
    {
      auto stmt = db.prepare("SELECT 1 FROM apps WHERE team_id = ?1 LIMIT 1");
      if (!stmt) return fail(stmt.error());
      stmt->bind_all(team_id);
      auto row = stmt->step();
      if (!row) return fail(row.error());
      if (*row) {
        return fail(Error(ErrorCode::kConflict,
                          "This team still has apps. Delete or transfer them first."));
      }
    }
    // Members go by ON DELETE CASCADE.
    auto stmt = db.prepare("DELETE FROM teams WHERE id = ?1");
    if (!stmt) return fail(stmt.error());
    stmt->bind_all(team_id);
    if (auto st = stmt->run(); !st) return fail(st.error());
    if (auto st = insert_audit(db, event); !st) return fail(st.error());
    return team;
  });
}

}  // namespace latchkey::store::sqlite
