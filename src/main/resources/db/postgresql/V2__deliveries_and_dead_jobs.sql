-- Kept in step with db/sqlite/V2__deliveries_and_dead_jobs.sql.

-- Every webhook delivery as received. The id is X-GitHub-Delivery, so a redelivery
-- is a no-op; status moves from pending to handled, ignored or failed once its job ran.
CREATE TABLE deliveries (
  id           TEXT PRIMARY KEY,
  event        TEXT NOT NULL,
  action       TEXT,
  payload      TEXT NOT NULL,
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'handled', 'ignored', 'failed')),
  processed_at TIMESTAMP WITH TIME ZONE,
  last_error   TEXT
);
CREATE INDEX deliveries_received_at_idx ON deliveries (received_at DESC);
CREATE INDEX deliveries_status_idx ON deliveries (status);

-- Jobs that used up their attempts, kept with their data and last error
-- (db-scheduler removes them from scheduled_tasks).
CREATE TABLE dead_jobs (
  task_name     TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data     TEXT,
  attempts      INT NOT NULL,
  last_error    TEXT NOT NULL,
  died_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX dead_jobs_died_at_idx ON dead_jobs (died_at DESC);
