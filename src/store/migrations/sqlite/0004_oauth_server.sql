-- 0004: the OAuth 2.0 / OpenID Connect server's state. Every secret here
-- (authorization code, refresh token, device code, browser-session cookie, CLI
-- poll secret) is stored only as the lowercase hex SHA-256 of its value.

-- Browser sessions are sessions rows of kind 'browser' with a cookie.
-- stage: 'second_factor' while the password was right but the second factor is
-- still due (short-lived), 'full' once signed in. authenticated_at: when the
-- user last proved password (+ factor): sign-in or re-authentication (S22).
ALTER TABLE sessions ADD COLUMN token_hash TEXT;
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full'
  CHECK (stage IN ('second_factor', 'full'));
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER;
ALTER TABLE sessions ADD COLUMN authenticated_at INTEGER;
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash) WHERE token_hash IS NOT NULL;

-- Which grants a client may use and which scopes it may ask for (S43).
ALTER TABLE oauth_clients ADD COLUMN grant_types TEXT NOT NULL
  DEFAULT '["authorization_code","refresh_token"]'
  CHECK (json_valid(grant_types) AND json_type(grant_types) = 'array');
ALTER TABLE oauth_clients ADD COLUMN scopes TEXT NOT NULL DEFAULT '["global"]'
  CHECK (json_valid(scopes) AND json_type(scopes) = 'array');

CREATE INDEX authorizations_client ON authorizations (client_id) WHERE client_id IS NOT NULL;

-- Authorization codes: single use (used_at set by one conditional UPDATE), 60 s.
-- authorization_id records what the redemption produced, so a replay revokes it.
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

-- Refresh tokens: one family per authorization (the grant); each token rotates
-- on use (used_at), a replay of a used one revokes the whole family, and the
-- family dies at family_expires_at however often it rotated.
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

-- Remembered consent: the scopes an account granted a client.
CREATE TABLE oauth_consents (
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  client_id  TEXT    NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
  scope      TEXT    NOT NULL CHECK (json_valid(scope) AND json_type(scope) = 'array'),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, client_id)
) STRICT;

-- Logins approved in a browser for another device: RFC 8628 device grants
-- (kind 'device', with a user code) and Heroku CLI browser logins (kind
-- 'browser', found by id from the browser_url). secret_hash is the device code
-- or the CLI's poll secret. status moves pending -> approved|denied ->
-- redeemed, each step one conditional UPDATE.
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

-- ES256 keys that sign ID tokens, shared by every instance. The private key is
-- sealed with the server key (never stored in clear); retired keys stay
-- published in the JWKS until the tokens they signed have expired.
CREATE TABLE signing_keys (
  kid            TEXT    NOT NULL PRIMARY KEY,
  private_sealed TEXT    NOT NULL,
  public_jwk     TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  retired_at     INTEGER
) STRICT;
