-- platform/identity: whether an account's email address reaches its owner. A token mailed to
-- the address marks it verified once, within two days; only its SHA-256 is kept. The address
-- the token was sent to is kept with it, so a link mailed before an address changed cannot
-- verify the new one.
ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT;
CREATE TABLE email_verifications (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX email_verifications_account ON email_verifications (account_id, created_at);
