-- Module: users. A user is a channel. What they sign in with (email, username, password hash)
-- and their sessions are the platform's accounts and session_tokens, under the same id.
-- Times are epoch milliseconds; ids are UUIDv7 text.
CREATE TABLE users (
  id TEXT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  fullname TEXT NOT NULL,
  avatar TEXT NOT NULL, -- blob store object key of the avatar image
  cover_image TEXT,     -- object key, or NULL
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
