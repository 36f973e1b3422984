-- Views counted per video per UTC day (days since 1970-01-01): what the studio's chart of a
-- channel over time draws. Written with the view marks, in the same batch transaction.
CREATE TABLE video_views_daily (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  views BIGINT NOT NULL,
  PRIMARY KEY (video_id, day)
);
