-- Captions (viztube/captions): one WebVTT file per video and language, with the one-segment
-- HLS playlist that lists it as a subtitle rendition of the video's master playlist.
CREATE TABLE captions (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  label TEXT NOT NULL,
  vtt_key TEXT NOT NULL,
  playlist_key TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  cues BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (video_id, language)
);
