-- Module: identity (organizations, users, refresh-token families) and audit (audit_logs).
-- Times are epoch milliseconds; ids are UUIDv7 text; booleans are INTEGER 0/1.
CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  subscription_tier TEXT NOT NULL DEFAULT 'free'
    CHECK (subscription_tier IN ('free', 'basic', 'pro', 'enterprise')),
  screen_quota INTEGER NOT NULL DEFAULT 5 CHECK (screen_quota >= 0),
  subscription_status TEXT NOT NULL DEFAULT 'trial'
    CHECK (subscription_status IN ('trial', 'active', 'past_due', 'canceled')),
  trial_ends_at BIGINT,
  stripe_customer_id TEXT UNIQUE,
  stripe_subscription_id TEXT,
  billing_email TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email TEXT NOT NULL UNIQUE, -- stored lower-case
  password_hash TEXT NOT NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'viewer')),
  is_active INTEGER NOT NULL DEFAULT 1,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_organization ON users (organization_id);

-- Refresh tokens rotate on every use; all tokens of one login share a family. Presenting a
-- spent token again revokes the family (a stolen token was used).
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY, -- SHA-256 of the token: the token itself is never stored
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  spent_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE audit_logs (
  id TEXT PRIMARY KEY,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  user_id TEXT,
  action TEXT NOT NULL,
  entity_type TEXT,
  entity_id TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  ip_address TEXT,
  user_agent TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX audit_logs_organization_created ON audit_logs (organization_id, created_at, id);
CREATE INDEX audit_logs_organization_action ON audit_logs (organization_id, action, created_at);
