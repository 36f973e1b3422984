-- Totals of the lists that grow without bound (a video's comments, a channel's tweets and
-- playlists), kept in the rows they describe in the transaction that changes them, so a page
-- never counts the rows it pages through.
ALTER TABLE videos ADD COLUMN comments_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN tweets_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN playlists_count BIGINT NOT NULL DEFAULT 0;
UPDATE videos SET comments_count = (SELECT COUNT(*) FROM comments WHERE video_id = videos.id);
UPDATE users SET
  tweets_count = (SELECT COUNT(*) FROM tweets WHERE owner_id = users.id),
  playlists_count = (SELECT COUNT(*) FROM playlists WHERE owner_id = users.id);
