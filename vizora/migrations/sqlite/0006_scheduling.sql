-- Module: scheduling (playlists, schedules, instant publishes: what each screen shows).
CREATE TABLE playlists (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  loop_playlist INTEGER NOT NULL DEFAULT 1,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX playlists_organization ON playlists (organization_id, created_at, id);

-- Items in order (position = the index in the API's array).
CREATE TABLE playlist_items (
  playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  content_id TEXT NOT NULL REFERENCES contents(id),
  duration INTEGER NOT NULL CHECK (duration BETWEEN 1 AND 86400), -- seconds
  transition TEXT NOT NULL CHECK (transition IN ('none', 'fade', 'slide', 'zoom', 'dissolve')),
  transition_duration INTEGER NOT NULL DEFAULT 0, -- milliseconds
  PRIMARY KEY (playlist_id, position)
);
CREATE INDEX playlist_items_content ON playlist_items (content_id);

CREATE TABLE schedules (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  playlist_id TEXT NOT NULL REFERENCES playlists(id),
  cron_expression TEXT NOT NULL,
  duration_minutes INTEGER, -- NULL: lasts until superseded
  timezone TEXT NOT NULL,
  start_date BIGINT,
  end_date BIGINT,
  priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 100),
  is_active INTEGER NOT NULL DEFAULT 1,
  allow_override INTEGER NOT NULL DEFAULT 1,
  last_executed_at BIGINT,
  execution_count BIGINT NOT NULL DEFAULT 0,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX schedules_organization ON schedules (organization_id, created_at, id);
CREATE INDEX schedules_playlist ON schedules (playlist_id);

CREATE TABLE schedule_devices (
  schedule_id TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  PRIMARY KEY (schedule_id, device_id)
);
CREATE INDEX schedule_devices_device ON schedule_devices (device_id);
CREATE TABLE schedule_groups (
  schedule_id TEXT NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (schedule_id, group_id)
);
CREATE INDEX schedule_groups_group ON schedule_groups (group_id);

-- A playlist put on screens at once, until it expires or is ended.
CREATE TABLE instant_publishes (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  -- A playlist in a live publish is not deleted (409); ended ones go with it.
  playlist_id TEXT NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  all_devices INTEGER NOT NULL DEFAULT 0,
  starts_at BIGINT NOT NULL,
  expires_at BIGINT, -- NULL: until ended
  ended_at BIGINT,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX instant_publishes_organization ON instant_publishes (organization_id, created_at, id);
CREATE INDEX instant_publishes_playlist ON instant_publishes (playlist_id);
CREATE TABLE instant_publish_devices (
  publish_id TEXT NOT NULL REFERENCES instant_publishes(id) ON DELETE CASCADE,
  device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  PRIMARY KEY (publish_id, device_id)
);
CREATE INDEX instant_publish_devices_device ON instant_publish_devices (device_id);
CREATE TABLE instant_publish_groups (
  publish_id TEXT NOT NULL REFERENCES instant_publishes(id) ON DELETE CASCADE,
  group_id TEXT NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (publish_id, group_id)
);
CREATE INDEX instant_publish_groups_group ON instant_publish_groups (group_id);

-- The version of the manifest each screen was last given: pushes go only to screens whose
-- manifest changed. A narrow table of its own: recording 10,000 versions rewrote 10,000 wide
-- device rows (150 ms on SQLite).
CREATE TABLE device_manifest_versions (
  device_id TEXT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,
  version TEXT NOT NULL
);
