-- 0005: the platform resources Latchkey guards (issue 6): apps with their config
-- vars, releases and collaborators, and teams with their members.

-- Teams and their members; a member's role decides what it may do with the
-- team's apps (service/policy.h).
CREATE TABLE teams (
  id         TEXT    NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE team_members (
  team_id    TEXT    NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role       TEXT    NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (team_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX team_members_account ON team_members (account_id);

-- Names and ids are both unique (AppStore::find takes either). team_id is NULL
-- for a personal app; a team that still has apps cannot be deleted (the store
-- answers kConflict first; RESTRICT is the second line). A personal app goes
-- with its owner's account (trigger below); a team app belongs to the team and
-- outlives its creator, whose owner_id becomes NULL.
CREATE TABLE apps (
  id          TEXT    NOT NULL PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  owner_id    TEXT    REFERENCES accounts (id) ON DELETE SET NULL,
  team_id     TEXT    REFERENCES teams (id) ON DELETE RESTRICT CHECK (team_id != ''),
  region      TEXT    NOT NULL DEFAULT 'us',
  stack       TEXT    NOT NULL DEFAULT 'heroku-24',
  maintenance INTEGER NOT NULL DEFAULT 0 CHECK (maintenance IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  released_at INTEGER  -- NULL until the first release
) STRICT;

CREATE INDEX apps_owner ON apps (owner_id, created_at);
CREATE INDEX apps_team ON apps (team_id, created_at) WHERE team_id IS NOT NULL;

-- Config vars may hold secrets (database URLs, API keys): only principals with
-- a *-protected or global scope read them (service/policy.h).
CREATE TABLE config_vars (
  app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (app_id, key)
) STRICT, WITHOUT ROWID;

-- Versions are 1, 2, ... per app, assigned in the writing transaction as
-- MAX(version) + 1 (the writer is serialized; UNIQUE catches a second writer).
-- account_id has no foreign key: a release outlives the account that made it
-- (its email then reads as '').
CREATE TABLE releases (
  id          TEXT    NOT NULL PRIMARY KEY,
  app_id      TEXT    NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  version     INTEGER NOT NULL CHECK (version >= 1),
  description TEXT    NOT NULL DEFAULT '',
  account_id  TEXT    NOT NULL DEFAULT '',
  status      TEXT    NOT NULL DEFAULT 'succeeded',
  created_at  INTEGER NOT NULL,
  UNIQUE (app_id, version)
) STRICT;

-- An account given access to an app it does not own; permissions is a JSON
-- array of strings (model::kAppPermissions).
CREATE TABLE collaborators (
  id          TEXT    NOT NULL PRIMARY KEY,
  app_id      TEXT    NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  account_id  TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  permissions TEXT    NOT NULL DEFAULT '["view"]'
              CHECK (json_valid(permissions) AND json_type(permissions) = 'array'),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (app_id, account_id)
) STRICT;

CREATE INDEX collaborators_account ON collaborators (account_id);

-- Deleting an account deletes its personal apps (their config vars, releases
-- and collaborators cascade); its team apps stay with the team.
CREATE TRIGGER apps_delete_personal_with_owner BEFORE DELETE ON accounts
BEGIN
  DELETE FROM apps WHERE owner_id = OLD.id AND team_id IS NULL;
END;
