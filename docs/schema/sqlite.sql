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
) STRICT;
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
) STRICT;
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
  updated_at   INTEGER NOT NULL,
  CHECK ((is_public = 1) = (secret_hash = ''))
) STRICT;
CREATE INDEX oauth_clients_owner ON oauth_clients (owner_id, created_at);
CREATE UNIQUE INDEX oauth_clients_secret ON oauth_clients (secret_hash) WHERE secret_hash != '';
