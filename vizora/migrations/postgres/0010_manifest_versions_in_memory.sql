-- Which manifest each screen holds is now known where its socket is (the hub, in memory), and
-- the last computation per organization is kept in memory for pushes to compare against: a
-- publish to 10,000 screens no longer writes 10,000 rows before the first screen hears of it.
DROP TABLE device_manifest_versions;

-- What a manifest computation reads of every screen, without the wide rows: an organization's
-- 10,000 screens are read from this index alone.
CREATE INDEX devices_manifest_targets ON devices (organization_id, id, default_playlist_id);
