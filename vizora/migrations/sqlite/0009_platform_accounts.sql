-- Module: identity. Credentials and sessions now live in the platform's tables (accounts,
-- session_tokens: platform migration 0002), which every product signs in through. A user's
-- account has the user's id; `users` keeps the profile, organization, role and state.
INSERT INTO accounts (id, email, username, password_hash, created_at, updated_at)
  SELECT id, email, NULL, password_hash, created_at, updated_at FROM users;
INSERT INTO session_tokens (token_hash, family_id, account_id, expires_at, spent_at, revoked_at,
                            created_at)
  SELECT token_hash, family_id, user_id, expires_at, spent_at, revoked_at, created_at
  FROM refresh_tokens;
DROP TABLE refresh_tokens;
ALTER TABLE users DROP COLUMN password_hash;
