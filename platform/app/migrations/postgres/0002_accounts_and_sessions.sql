-- platform/identity: who can sign in (credentials only; products keep profiles, roles and
-- tenancy in their own tables, keyed by the same id) and their sessions.
-- Emails and usernames are stored lower-case; a product may use either or both to log in.
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  email TEXT UNIQUE,
  username TEXT UNIQUE,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (email IS NOT NULL OR username IS NOT NULL)
);

-- Refresh tokens rotate on every use; all tokens of one login (a session) share a family.
-- Presenting a spent token again revokes the family: a stolen token was used.
CREATE TABLE session_tokens (
  token_hash TEXT PRIMARY KEY, -- SHA-256 of the token: the token itself is never stored
  family_id TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  spent_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX session_tokens_family ON session_tokens (family_id);
CREATE INDEX session_tokens_account ON session_tokens (account_id);
