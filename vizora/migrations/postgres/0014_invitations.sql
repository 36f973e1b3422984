-- Invitations by mail (issue 23): an admin invites an address with a role; the mail's link
-- (a single-use token, only its SHA-256 kept) lets the person choose a password and join.
-- A pending invitation holds a seat. One pending invitation per address and organization.
CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL, -- lower-case
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  invited_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at BIGINT NOT NULL,
  accepted_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX invitations_organization ON invitations (organization_id, created_at);
CREATE UNIQUE INDEX invitations_pending ON invitations (organization_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;
