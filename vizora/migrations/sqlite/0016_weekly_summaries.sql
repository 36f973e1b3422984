-- vizora/notifications: the last week (its Monday 00:00 UTC) each organization's weekly
-- summary was mailed for, set in the transaction that queues the mail, so each week goes once.
CREATE TABLE weekly_summaries (
  organization_id TEXT PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  week_start BIGINT NOT NULL
);
