-- When a past-due organization's plan stops applying: the failed payment's time plus the
-- grace period configured then (--billing-grace-days), so every check reads one column.
ALTER TABLE organizations ADD COLUMN grace_ends_at BIGINT;
