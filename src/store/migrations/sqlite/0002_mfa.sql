-- 0002: multi-factor authentication (TOTP factors and recovery codes).

-- One row per account that ever started an enrolment. Secrets are sealed with
-- the server key (never in clear); last_used_step only moves forward (S13).
CREATE TABLE totp_factors (
  account_id         TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  secret_sealed      TEXT    NOT NULL DEFAULT '',
  last_used_step     INTEGER NOT NULL DEFAULT -1,
  confirmed_at       INTEGER,
  pending_sealed     TEXT    NOT NULL DEFAULT '',
  pending_failures   INTEGER NOT NULL DEFAULT 0 CHECK (pending_failures >= 0),
  pending_created_at INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Only a keyed hash (HMAC-SHA-256 under the server key) of each code; used_at
-- stays NULL until the code is consumed by one conditional UPDATE.
CREATE TABLE recovery_codes (
  account_id TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  code_hash  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (account_id, code_hash)
) STRICT, WITHOUT ROWID;
