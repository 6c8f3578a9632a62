CREATE TABLE schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT;
CREATE TABLE accounts (
  id                 TEXT    NOT NULL PRIMARY KEY,
  -- Normalised by the service (trimmed, lower-case); the store lower-cases
  -- ASCII again and the CHECK keeps "unique" meaning "unique ignoring case".
  email              TEXT    NOT NULL UNIQUE CHECK (email = lower(email)),
  name               TEXT    NOT NULL DEFAULT '',
  password_hash      TEXT    NOT NULL,
  is_admin           INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  disabled           INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  two_factor_enabled INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_enabled IN (0, 1)),
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  last_login         INTEGER
) STRICT;
CREATE INDEX accounts_created ON accounts (created_at);
CREATE TABLE sessions (
  id          TEXT    NOT NULL PRIMARY KEY,
  account_id  TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL,  -- "cli" | "browser"
  description TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  expires_at  INTEGER,
  created_ip  TEXT    NOT NULL DEFAULT '',
  user_agent  TEXT    NOT NULL DEFAULT ''
, token_hash TEXT, stage TEXT NOT NULL DEFAULT 'full'
  CHECK (stage IN ('second_factor', 'full')), last_seen_at INTEGER, authenticated_at INTEGER) STRICT;
CREATE INDEX sessions_account ON sessions (account_id, created_at);
CREATE TABLE authorizations (
  id                 TEXT    NOT NULL PRIMARY KEY,
  account_id         TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  description        TEXT    NOT NULL DEFAULT '',
  scope              TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(scope) AND json_type(scope) = 'array'),
  access_token_id    TEXT    NOT NULL UNIQUE,
  token_hash         TEXT    NOT NULL UNIQUE,  -- lowercase hex SHA-256 of the token
  token_hint         TEXT    NOT NULL DEFAULT '',
  token_encrypted    TEXT    NOT NULL DEFAULT '',  -- API key only
  is_api_key         INTEGER NOT NULL DEFAULT 0 CHECK (is_api_key IN (0, 1)),
  session_id         TEXT    REFERENCES sessions (id) ON DELETE CASCADE,
  client_id          TEXT,
  expires_at         INTEGER,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  created_ip         TEXT    NOT NULL DEFAULT '',
  created_user_agent TEXT    NOT NULL DEFAULT '',
  last_used_at       INTEGER,
  last_used_ip       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX authorizations_one_api_key ON authorizations (account_id) WHERE is_api_key = 1;
CREATE INDEX authorizations_account ON authorizations (account_id, created_at);
CREATE INDEX authorizations_session ON authorizations (session_id) WHERE session_id IS NOT NULL;
CREATE TABLE throttles (
  key             TEXT    NOT NULL PRIMARY KEY,
  failures        INTEGER NOT NULL CHECK (failures >= 0),
  last_failure_at INTEGER NOT NULL,
  locked          INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1))
) STRICT, WITHOUT ROWID;
CREATE TABLE one_time_secrets (
  hash       TEXT    NOT NULL PRIMARY KEY,
  purpose    TEXT    NOT NULL,
  subject    TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;
CREATE TABLE audit_events (
  seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id         TEXT    NOT NULL UNIQUE,
  account_id TEXT    NOT NULL DEFAULT '',
  action     TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT '{}',
  ip         TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
, actor_id         TEXT NOT NULL DEFAULT '', outcome          TEXT NOT NULL DEFAULT 'success'
  CHECK (outcome IN ('success', 'failure')), user_agent       TEXT NOT NULL DEFAULT '', request_id       TEXT NOT NULL DEFAULT '', authorization_id TEXT NOT NULL DEFAULT '', token_prefix     TEXT NOT NULL DEFAULT '', app_id           TEXT NOT NULL DEFAULT '', team_id          TEXT NOT NULL DEFAULT '') STRICT;
CREATE TABLE sqlite_sequence(name,seq);
CREATE INDEX audit_events_account ON audit_events (account_id, created_at, seq);
CREATE TABLE totp_factors (
  account_id         TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret_sealed      TEXT    NOT NULL DEFAULT '',
  last_used_step     INTEGER NOT NULL DEFAULT -1,
  confirmed_at       INTEGER,
  pending_sealed     TEXT    NOT NULL DEFAULT '',
  pending_failures   INTEGER NOT NULL DEFAULT 0 CHECK (pending_failures >= 0),
  pending_created_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE recovery_codes (
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (account_id, code_hash)
) STRICT, WITHOUT ROWID;
CREATE TABLE oauth_clients (
  id           TEXT    NOT NULL PRIMARY KEY,
  owner_id     TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL,
  redirect_uri TEXT    NOT NULL,
  is_public    INTEGER NOT NULL DEFAULT 0 CHECK (is_public IN (0, 1)),
  secret_hash  TEXT    NOT NULL DEFAULT '',
  secret_hint  TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL, grant_types TEXT NOT NULL
  DEFAULT '["authorization_code","refresh_token"]'
  CHECK (json_valid(grant_types) AND json_type(grant_types) = 'array'), scopes TEXT NOT NULL DEFAULT '["global"]'
  CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
  CHECK ((is_public = 1) = (secret_hash = ''))
) STRICT;
CREATE INDEX oauth_clients_owner ON oauth_clients (owner_id, created_at);
CREATE UNIQUE INDEX oauth_clients_secret ON oauth_clients (secret_hash) WHERE secret_hash != '';
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash) WHERE token_hash IS NOT NULL;
CREATE INDEX authorizations_client ON authorizations (client_id) WHERE client_id IS NOT NULL;
CREATE TABLE oauth_codes (
  code_hash        TEXT    NOT NULL PRIMARY KEY,
  client_id        TEXT    NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  account_id       TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  redirect_uri     TEXT    NOT NULL,
  scope            TEXT    NOT NULL CHECK (json_valid(scope) AND json_type(scope) = 'array'),
  code_challenge   TEXT    NOT NULL DEFAULT '',
  nonce            TEXT    NOT NULL DEFAULT '',
  auth_time        INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  used_at          INTEGER,
  authorization_id TEXT
) STRICT;
CREATE INDEX oauth_codes_expiry ON oauth_codes (expires_at);
CREATE TABLE oauth_refresh_tokens (
  token_hash        TEXT    NOT NULL PRIMARY KEY,
  authorization_id  TEXT    NOT NULL REFERENCES authorizations (id) ON DELETE CASCADE,
  account_id        TEXT    NOT NULL,
  client_id         TEXT    NOT NULL,
  created_at        INTEGER NOT NULL,
  family_expires_at INTEGER NOT NULL,
  used_at           INTEGER
) STRICT;
CREATE INDEX oauth_refresh_tokens_family ON oauth_refresh_tokens (authorization_id);
CREATE TABLE oauth_consents (
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  client_id  TEXT    NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  scope      TEXT    NOT NULL CHECK (json_valid(scope) AND json_type(scope) = 'array'),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, client_id)
) STRICT;
CREATE TABLE device_grants (
  id           TEXT    NOT NULL PRIMARY KEY,
  kind         TEXT    NOT NULL CHECK (kind IN ('device', 'browser')),
  secret_hash  TEXT    NOT NULL UNIQUE,
  user_code    TEXT,
  client_id    TEXT    NOT NULL,
  scope        TEXT    NOT NULL CHECK (json_valid(scope) AND json_type(scope) = 'array'),
  description  TEXT    NOT NULL DEFAULT '',
  requester_ip TEXT    NOT NULL DEFAULT '',
  requester_ua TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  interval_s   INTEGER NOT NULL DEFAULT 5,
  last_poll_at INTEGER,
  status       TEXT    NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'denied', 'redeemed')),
  account_id   TEXT    REFERENCES accounts (id) ON DELETE CASCADE,
  decided_at   INTEGER,
  CHECK ((kind = 'device') = (user_code IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX device_grants_user_code ON device_grants (user_code)
  WHERE user_code IS NOT NULL AND status = 'pending';
CREATE INDEX device_grants_expiry ON device_grants (expires_at);
CREATE TABLE signing_keys (
  kid            TEXT    NOT NULL PRIMARY KEY,
  private_sealed TEXT    NOT NULL,
  public_jwk     TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  retired_at     INTEGER
) STRICT;
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
CREATE TABLE config_vars (
  app_id TEXT NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (app_id, key)
) STRICT, WITHOUT ROWID;
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
CREATE TRIGGER apps_delete_personal_with_owner BEFORE DELETE ON accounts
BEGIN
  DELETE FROM apps WHERE owner_id = OLD.id AND team_id IS NULL;
END;
CREATE INDEX audit_events_time ON audit_events (created_at, seq);
CREATE INDEX audit_events_team ON audit_events (team_id, seq) WHERE team_id <> '';
CREATE TABLE alert_cursors (
  name     TEXT    NOT NULL PRIMARY KEY,
  last_seq INTEGER NOT NULL CHECK (last_seq >= 0)
) STRICT, WITHOUT ROWID;
CREATE TABLE alert_deliveries (
  id              TEXT    NOT NULL PRIMARY KEY,
  event_seq       INTEGER NOT NULL,
  kind            TEXT    NOT NULL,
  channel         TEXT    NOT NULL CHECK (channel IN ('webhook', 'email')),
  account_id      TEXT    NOT NULL DEFAULT '',
  payload         TEXT    NOT NULL,            -- webhook body / e-mail text, never a secret
  state           TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (event_seq, channel)
) STRICT;
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE TABLE known_devices (
  account_id    TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('ip', 'device')),
  value         TEXT    NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE TABLE token_ips (
  authorization_id TEXT    NOT NULL,
  ip               TEXT    NOT NULL,
  first_seen_at    INTEGER NOT NULL,
  PRIMARY KEY (authorization_id, ip)
) STRICT, WITHOUT ROWID;
CREATE INDEX audit_events_expiring ON audit_events (authorization_id)
  WHERE action = 'authorization.expiring';
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE INDEX audit_events_subject ON audit_events (account_id, seq);
