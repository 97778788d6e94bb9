-- Kept in step with db/postgresql/V8__playbook_run.sql.
-- What the playbook's strategies and test command need per subtask:
-- attempt_log: the current round's ended attempts as JSON [{"model":"p:m","ending":"STUCK"}, ...],
--   from which the next attempt's model is decided (strategies.fallback_on, max_attempts);
-- test_result: the repository's test command run by Specwright after the developer finished.
ALTER TABLE subtasks ADD COLUMN attempt_log TEXT;
ALTER TABLE subtasks ADD COLUMN test_result TEXT;
