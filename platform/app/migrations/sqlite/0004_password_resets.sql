-- platform/identity: password resets. A token mailed to the account's address sets a new
-- password once, within an hour; only its SHA-256 is kept, as for session tokens.
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX password_resets_account ON password_resets (account_id, created_at);
