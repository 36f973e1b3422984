-- platform/uploads/resumable: uploads received over many requests (tus 1.0). The bytes are in
-- `path` (under the data directory); `received` is how many of them are known good, so a
-- file longer than that after a crash is cut back to it.
CREATE TABLE IF NOT EXISTS resumable_uploads (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  length BIGINT NOT NULL,
  received BIGINT NOT NULL DEFAULT 0,
  path TEXT NOT NULL,
  metadata TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS resumable_uploads_owner ON resumable_uploads (owner);
CREATE INDEX IF NOT EXISTS resumable_uploads_expiry ON resumable_uploads (expires_at);
