-- 0006: audit records carry the whole S57 context (actor, outcome, user agent,
-- request id, the token's authorization and hash prefix, the app and team it
-- concerns); time-ordered reads for operators and retention, team reads for
-- team admins.
ALTER TABLE audit_events ADD COLUMN actor_id         TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN outcome          TEXT NOT NULL DEFAULT 'success'
  CHECK (outcome IN ('success', 'failure'));
ALTER TABLE audit_events ADD COLUMN user_agent       TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN request_id       TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN authorization_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN token_prefix     TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN app_id           TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN team_id          TEXT NOT NULL DEFAULT '';

CREATE INDEX audit_events_time ON audit_events (created_at, seq);
CREATE INDEX audit_events_team ON audit_events (team_id, seq) WHERE team_id <> '';
