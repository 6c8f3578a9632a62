-- 0003: registered OAuth clients. The secret is stored only as its SHA-256
-- (secrets are 256-bit random tokens, so a fast hash suffices and keeps the
-- token endpoint fast); public clients have none.
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
