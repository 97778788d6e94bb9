-- Kept in step with db/sqlite/V3__installations.sql.
-- Installations of the GitHub App and the repositories each one grants, kept from the
-- installation and installation_repositories webhooks.
CREATE TABLE installations (
  id                   BIGINT PRIMARY KEY,
  account_login        TEXT NOT NULL,
  account_type         TEXT NOT NULL,
  repository_selection TEXT,
  suspended            BOOLEAN NOT NULL DEFAULT FALSE,
  removed              BOOLEAN NOT NULL DEFAULT FALSE,
  updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE installation_repositories (
  installation_id BIGINT NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  repository_id   BIGINT NOT NULL,
  full_name       TEXT NOT NULL,
  private         BOOLEAN NOT NULL,
  PRIMARY KEY (installation_id, repository_id)
);
CREATE INDEX installation_repositories_full_name_idx ON installation_repositories (full_name);
