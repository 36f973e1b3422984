-- Module: analytics (proof of play). Append-only; an event's id, chosen by the player, makes
-- a resend harmless: the same (organization, id) is stored once. No foreign keys to screens or
-- content: what played stays on record after they are deleted.
CREATE TABLE impressions (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  content_id TEXT NOT NULL,
  playlist_id TEXT,
  started_at BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  completed INTEGER NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX impressions_started ON impressions (organization_id, started_at);

CREATE TABLE playback_errors (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  content_id TEXT,
  error_type TEXT NOT NULL,
  error_message TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (organization_id, id)
);
CREATE INDEX playback_errors_occurred ON playback_errors (organization_id, occurred_at);
