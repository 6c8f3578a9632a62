-- 0008: the audit trail's readers (docs/audit.md). GET /account/events lists
-- the events whose subject OR actor is the caller, newest first by seq: an
-- index per side lets SQLite answer the OR from two index ranges.
CREATE INDEX audit_events_actor ON audit_events (actor_id, seq);
CREATE INDEX audit_events_subject ON audit_events (account_id, seq);
