-- vizora/identity: the zone an organization's days and weeks are counted in (reports per day,
-- the weekly summary). Sign-up sets the browser's; admins change it.
ALTER TABLE organizations ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
