-- vizora/notifications: who hears what by mail. An organization's offline alert threshold
-- (no row: the default; 0: no alerts), each person's choices per topic (no row: the topic's
-- default), and per screen the incident already reported (its last sign of life), so each
-- stretch of darkness is mailed once.
CREATE TABLE notification_settings (
  organization_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  offline_alert_minutes INTEGER NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE notification_preferences (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, topic)
);
ALTER TABLE devices ADD COLUMN offline_alerted_for BIGINT;
