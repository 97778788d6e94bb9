-- Kept in step with db/postgresql/V11__lean_queue_indexes.sql.

-- priority_execution_time_idx serves priority ordering, which this queue does not enable, and
-- last_heartbeat_idx the occasional search for dead executions over a table that is small when
-- healthy. Every delivery's job is inserted, claimed (which sets last_heartbeat) and deleted within
-- milliseconds, and SQLite rewrites each index entry whose columns change: two fewer indexes are
-- fewer pages written per delivery.
DROP INDEX priority_execution_time_idx;
DROP INDEX last_heartbeat_idx;
