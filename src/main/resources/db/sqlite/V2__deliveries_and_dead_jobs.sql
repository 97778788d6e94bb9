-- Kept in step with db/postgresql/V2__deliveries_and_dead_jobs.sql.
-- Timestamps are epoch milliseconds, as in V1.

CREATE TABLE deliveries (
  id           TEXT PRIMARY KEY,
  event        TEXT NOT NULL,
  action       TEXT,
  payload      TEXT NOT NULL,
  received_at  INTEGER NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'handled', 'ignored', 'failed')),
  processed_at INTEGER,
  last_error   TEXT
);
CREATE INDEX deliveries_received_at_idx ON deliveries (received_at DESC);
CREATE INDEX deliveries_status_idx ON deliveries (status);

CREATE TABLE dead_jobs (
  task_name     TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data     TEXT,
  attempts      INT NOT NULL,
  last_error    TEXT NOT NULL,
  died_at       INTEGER NOT NULL,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX dead_jobs_died_at_idx ON dead_jobs (died_at DESC);
