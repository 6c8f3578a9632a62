-- 0007: security alerts (docs/alerts.md). The audit trail is the outbox: a
-- dispatcher tails audit_events by seq, keeps its cursor here, and queues one
-- delivery per (event, channel); deliveries carry their retry state so retries
-- survive restarts. known_devices remembers which IPs / user agents an account
-- signed in from (written by the dispatcher), to tell a new one.

-- One row per named cursor (today only 'alerts'): the last audit seq handled.
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

-- kind 'ip' or 'device' (user agent); value as seen on the sign-in.
CREATE TABLE known_devices (
  account_id    TEXT    NOT NULL,
  kind          TEXT    NOT NULL CHECK (kind IN ('ip', 'device')),
  value         TEXT    NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, kind, value)
) STRICT, WITHOUT ROWID;

-- (authorization, IP) pairs a token was used from, so the first use from a new
-- IP is reported once (audit event token.new_ip, written with the row).
CREATE TABLE token_ips (
  authorization_id TEXT    NOT NULL,
  ip               TEXT    NOT NULL,
  first_seen_at    INTEGER NOT NULL,
  PRIMARY KEY (authorization_id, ip)
) STRICT, WITHOUT ROWID;

-- The expiry scan's dedup marker is the authorization.expiring audit event.
CREATE INDEX audit_events_expiring ON audit_events (authorization_id)
  WHERE action = 'authorization.expiring';
