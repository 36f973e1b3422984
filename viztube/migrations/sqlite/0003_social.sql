-- Modules: subscriptions, tweets, comments, likes, playlists. Counters live in the rows they
-- describe and change in the transaction that changes what they count.
ALTER TABLE users ADD COLUMN subscribers_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN subscriptions_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN likes_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE subscriptions (
  subscriber_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (subscriber_id, channel_id),
  CHECK (subscriber_id <> channel_id)
);
CREATE INDEX subscriptions_channel ON subscriptions (channel_id, created_at);
CREATE INDEX subscriptions_subscriber ON subscriptions (subscriber_id, created_at);

CREATE TABLE tweets (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  content TEXT NOT NULL,
  likes_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tweets_owner_created ON tweets (owner_id, created_at, id);

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  content TEXT NOT NULL,
  likes_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX comments_video_created ON comments (video_id, created_at, id);

-- One like per user and target, enforced here: exactly one of the sparse target columns is
-- set, each unique with the user, and a target's likes go with it.
CREATE TABLE likes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  video_id TEXT REFERENCES videos(id) ON DELETE CASCADE,
  comment_id TEXT REFERENCES comments(id) ON DELETE CASCADE,
  tweet_id TEXT REFERENCES tweets(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  CHECK ((video_id IS NOT NULL) + (comment_id IS NOT NULL) + (tweet_id IS NOT NULL) = 1)
);
CREATE UNIQUE INDEX likes_user_video ON likes (user_id, video_id) WHERE video_id IS NOT NULL;
CREATE UNIQUE INDEX likes_user_comment ON likes (user_id, comment_id) WHERE comment_id IS NOT NULL;
CREATE UNIQUE INDEX likes_user_tweet ON likes (user_id, tweet_id) WHERE tweet_id IS NOT NULL;
CREATE INDEX likes_video ON likes (video_id) WHERE video_id IS NOT NULL;
CREATE INDEX likes_comment ON likes (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX likes_tweet ON likes (tweet_id) WHERE tweet_id IS NOT NULL;
CREATE INDEX likes_user_created ON likes (user_id, created_at);

CREATE TABLE playlists (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX playlists_owner_created ON playlists (owner_id, created_at, id);

CREATE TABLE playlist_videos (
  playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (playlist_id, video_id)
);
CREATE INDEX playlist_videos_order ON playlist_videos (playlist_id, position);
