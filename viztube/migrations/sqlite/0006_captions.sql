-- Captions (viztube/captions): one WebVTT file per video and language, with the one-segment
-- HLS playlist that lists it as a subtitle rendition of the video's master playlist.
CREATE TABLE captions (
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  language TEXT NOT NULL,
  label TEXT NOT NULL,
  vtt_key TEXT NOT NULL,
  playlist_key TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  cues INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (video_id, language)
);
