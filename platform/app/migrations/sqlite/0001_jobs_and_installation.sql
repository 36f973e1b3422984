-- platform/jobs: the durable job queue (claimed with a lease; retried with backoff; dead jobs
-- keep their last error). IF NOT EXISTS: databases made before the platform kept its own
-- migrations already have these tables from their product's.
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL CHECK (max_attempts >= 1),
  run_at BIGINT NOT NULL,
  lease_until BIGINT,
  locked_by TEXT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- Due work per queue; done and dead rows stay out of the way of claims.
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (queue, run_at, id) WHERE state IN ('queued', 'running');

-- platform/app: facts about this installation, kept in the database so every instance that
-- shares it agrees (e.g. the installation id the version route shows).
CREATE TABLE IF NOT EXISTS installation (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
