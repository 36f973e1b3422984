-- Module: app. Facts about this installation, kept in the database so every instance that
-- shares it agrees (e.g. the installation id shown by /api/v1/version).
CREATE TABLE installation (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
