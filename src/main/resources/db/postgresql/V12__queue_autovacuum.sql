-- Kept in step with db/sqlite/V12__queue_autovacuum.sql.

-- Every delivery's job row is inserted, claimed and deleted within milliseconds, so under load
-- scheduled_tasks is mostly dead rows, and each claim's index scan walks past their entries.
-- PostgreSQL's default waits for a fifth of the table to be dead before vacuuming it, and then
-- vacuums slowly; a queue table wants it at every autovacuum round (autovacuum_naptime, a minute by
-- default) and at full speed. In the webhook benchmark this took PostgreSQL at 32 connections from
-- 2,570 to 3,310 deliveries/s and its p99 from 71 to 52 ms (medians of three).
ALTER TABLE scheduled_tasks SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 5000,
  autovacuum_vacuum_cost_delay = 0
);
