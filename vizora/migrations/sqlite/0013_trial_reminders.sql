-- How many of the trial's reminders (3 days, then 1 day before it ends) an organization has
-- been sent: each goes once, in the transaction that queues its mail.
ALTER TABLE organizations ADD COLUMN trial_reminders_sent INTEGER NOT NULL DEFAULT 0;
