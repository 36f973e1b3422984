-- The HLS ladder (viztube/transcoding): where a video's processing stands, each rendition's
-- state, and the master playlist once the smallest rung is stored. Videos uploaded before
-- this have no ladder ('none'); their owners may ask for one (POST …/reprocess).
ALTER TABLE videos ADD COLUMN processing_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE videos ADD COLUMN processing_percent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN processing_error TEXT;
ALTER TABLE videos ADD COLUMN renditions TEXT NOT NULL DEFAULT '[]';
ALTER TABLE videos ADD COLUMN hls_master TEXT;
