-- Kept in step with db/sqlite/V14__transcript_message_retention.sql.
-- The hourly prune-transcript-messages job deletes the messages of old transcripts and keeps the
-- header (role, end, usage, cost, time): this says when, so a reader knows why there are none.
ALTER TABLE agent_transcripts ADD COLUMN messages_pruned_at TIMESTAMP WITH TIME ZONE;
