-- Kept in step with db/sqlite/V11__lean_queue_indexes.sql.

-- Every delivery's job is inserted, claimed (picked, picked_by, last_heartbeat, version) and
-- deleted within milliseconds. Two of db-scheduler's suggested indexes cost more than they give:
--  * priority_execution_time_idx serves priority ordering, which this queue does not enable;
--  * last_heartbeat_idx serves the search for dead executions (a few times a minute, over a table
--    that is small when healthy), but because the claim sets last_heartbeat it makes every claim a
--    new index entry in every index of the table, instead of an in-page (HOT) update. Those dead
--    entries lie at the head of execution_time_idx, where every claim's scan starts.
-- A fillfactor below 100 leaves room in each page for the in-page update.
DROP INDEX priority_execution_time_idx;
DROP INDEX last_heartbeat_idx;
ALTER TABLE scheduled_tasks SET (fillfactor = 70);
