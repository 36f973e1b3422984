-- Module: content (uploaded media and URL content). Files are blobs named by their SHA-256;
-- rows only reference them, so equal uploads share one file and a blob nobody references is
-- garbage (collected by the content.collect-blobs job).
CREATE TABLE contents (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN
    ('image', 'video', 'pdf', 'ppt', 'spreadsheet', 'webpage', 'dashboard', 'data_feed')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '[]', -- JSON array; content_tags indexes them
  upload_status TEXT NOT NULL CHECK (upload_status IN ('processing', 'ready', 'failed')),
  upload_error TEXT,
  -- The uploaded file (NULL for URL content).
  sha256 TEXT,
  size BIGINT,
  mime_type TEXT,
  original_filename TEXT,
  -- URL content: the page, dashboard or feed, and how often it is reloaded or fetched.
  url TEXT,
  refresh_interval INTEGER,
  -- What processing found: width, height, duration, frameRate, codec, pageCount, rows…
  metadata TEXT NOT NULL DEFAULT '{}',
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE INDEX contents_library ON contents (organization_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX contents_sha256 ON contents (sha256);
CREATE INDEX contents_feeds ON contents (type, upload_status) WHERE type = 'data_feed';

CREATE TABLE content_tags (
  content_id TEXT NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (content_id, tag)
);
CREATE INDEX content_tags_lookup ON content_tags (organization_id, tag);

-- Files made from content: its thumbnail, the page images of a PDF or presentation, the table
-- of a spreadsheet, the last good copy of a data feed.
CREATE TABLE content_files (
  content_id TEXT NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('thumbnail', 'page', 'table', 'feed')),
  number INTEGER NOT NULL, -- pages from 1; 0 for the others
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  mime_type TEXT NOT NULL,
  PRIMARY KEY (content_id, kind, number)
);
CREATE INDEX content_files_sha256 ON content_files (sha256);
