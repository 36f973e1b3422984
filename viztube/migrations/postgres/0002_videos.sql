-- Module: videos. A video's files are blob store objects under videos/<id>/; its counters are
-- kept in its row, in the same transaction as the change they count.
CREATE TABLE videos (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  video_file TEXT NOT NULL, -- object key
  mime_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  thumbnail TEXT NOT NULL,  -- object key
  duration DOUBLE PRECISION NOT NULL, -- seconds, from the file
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  codec TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
  is_published INTEGER NOT NULL DEFAULT 1,
  views BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX videos_published_created ON videos (is_published, created_at, id);
CREATE INDEX videos_published_views ON videos (is_published, views, id);
CREATE INDEX videos_owner_created ON videos (owner_id, created_at, id);

-- Full-text search over title and description.
ALTER TABLE videos ADD COLUMN search tsvector GENERATED ALWAYS AS
  (to_tsvector('simple', title || ' ' || description)) STORED;
CREATE INDEX videos_search ON videos USING GIN (search);

-- Exact totals without counting the table on every page: kept with every insert, delete and
-- publish toggle. Keys: 'published', 'published:<owner id>', 'all:<owner id>'.
CREATE TABLE video_totals (
  key TEXT PRIMARY KEY,
  count BIGINT NOT NULL
);

-- Views: one per viewer (a user id, or a hash of address and user agent) per video per
-- 30 minutes; the last counted view of each pair is kept to judge the next.
CREATE TABLE video_view_marks (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  viewer TEXT NOT NULL,
  counted_at BIGINT NOT NULL,
  PRIMARY KEY (video_id, viewer)
);

CREATE TABLE watch_history (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  watched_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, video_id)
);
CREATE INDEX watch_history_latest ON watch_history (user_id, watched_at);
