-- Module: devices (screens, their groups, pairing codes, heartbeat history).
CREATE TABLE device_groups (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (organization_id, name)
);
CREATE INDEX device_groups_organization ON device_groups (organization_id, created_at, id);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  device_identifier TEXT,
  nickname TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  timezone TEXT NOT NULL DEFAULT 'UTC',
  metadata JSONB NOT NULL DEFAULT '{}', -- from the pairing request
  player JSONB, -- from the latest hello: version, userAgent, screen
  -- SHA-256 of the device token (the token itself is never stored); NULL until the screen
  -- has collected it after pairing.
  token_hash TEXT UNIQUE,
  default_playlist_id TEXT,
  status TEXT NOT NULL DEFAULT 'pairing' CHECK (status IN ('pairing', 'online', 'offline')),
  -- The socket that last set 'online': a replaced socket closing later cannot set 'offline'.
  connection_id TEXT,
  last_heartbeat BIGINT,
  metrics JSONB,
  current_content JSONB,
  paired_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX devices_organization ON devices (organization_id, created_at, id);

CREATE TABLE device_group_members (
  group_id TEXT NOT NULL REFERENCES device_groups(id) ON DELETE CASCADE,
  device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, device_id)
);
CREATE INDEX device_group_members_device ON device_group_members (device_id);

-- A screen waiting to be paired. The code is unique among live requests; the screen proves
-- it asked by the secret (only its hash is kept). An admin's completion fills device_id; the
-- screen then collects its token once (claimed_at).
CREATE TABLE pairing_requests (
  code TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  device_identifier TEXT,
  metadata JSONB NOT NULL DEFAULT '{}',
  remote_address TEXT,
  expires_at BIGINT NOT NULL,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  device_id TEXT REFERENCES devices(id) ON DELETE CASCADE,
  completed_at BIGINT,
  claimed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX pairing_requests_expires ON pairing_requests (expires_at);

-- Heartbeat history, appended in batches (never one transaction per heartbeat). Indexed by
-- time within an organization, so inserts append rather than touch a page per screen.
CREATE TABLE heartbeats (
  organization_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  cpu DOUBLE PRECISION,
  memory DOUBLE PRECISION,
  storage_used BIGINT,
  latency_ms BIGINT,
  playlist_id TEXT,
  content_id TEXT
);
CREATE INDEX heartbeats_organization_at ON heartbeats (organization_id, at);
