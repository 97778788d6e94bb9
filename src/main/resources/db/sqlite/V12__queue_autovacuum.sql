-- Kept in step with db/postgresql/V12__queue_autovacuum.sql, which tunes PostgreSQL's autovacuum
-- for the queue table. SQLite has no autovacuum of dead rows (it reuses free pages as it goes), so
-- there is nothing to change here.
SELECT 1;
