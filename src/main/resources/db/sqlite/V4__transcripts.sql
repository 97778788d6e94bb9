-- Kept in step with db/postgresql/V4__transcripts.sql.
-- Agent transcripts: one row per attempt, one row per message. Timestamps are
-- epoch milliseconds (sqlite-jdbc's default); money is exact decimal text.

CREATE TABLE agent_transcripts (
  id                  TEXT PRIMARY KEY,
  label               TEXT NOT NULL,
  attempt             INTEGER NOT NULL,
  role                TEXT NOT NULL,
  task                TEXT NOT NULL,
  system_prompt       TEXT NOT NULL,
  workspace           TEXT NOT NULL,
  started_at          INTEGER NOT NULL,
  ended_at            INTEGER NOT NULL,
  end_reason          TEXT NOT NULL,
  end_detail          TEXT NOT NULL,
  summary             TEXT NOT NULL,
  iterations          INTEGER NOT NULL,
  models              TEXT NOT NULL,
  input_tokens        BIGINT NOT NULL,
  output_tokens       BIGINT NOT NULL,
  cache_write_tokens  BIGINT NOT NULL,
  cache_read_tokens   BIGINT NOT NULL,
  cost_usd            TEXT NOT NULL,
  cost_known          BOOLEAN NOT NULL,
  wall_ms             BIGINT NOT NULL
);
CREATE INDEX agent_transcripts_label_idx ON agent_transcripts (label, started_at);
CREATE INDEX agent_transcripts_started_idx ON agent_transcripts (started_at);

CREATE TABLE agent_transcript_entries (
  transcript_id       TEXT NOT NULL REFERENCES agent_transcripts (id) ON DELETE CASCADE,
  seq                 INTEGER NOT NULL,
  iteration           INTEGER NOT NULL,
  kind                TEXT NOT NULL,
  model               TEXT,
  text                TEXT NOT NULL,
  tool_calls          TEXT NOT NULL,
  tool_call_id        TEXT NOT NULL,
  tool_name           TEXT NOT NULL,
  is_error            BOOLEAN NOT NULL,
  input_tokens        BIGINT,
  output_tokens       BIGINT,
  cache_write_tokens  BIGINT,
  cache_read_tokens   BIGINT,
  cost_usd            TEXT,
  cost_known          BOOLEAN,
  PRIMARY KEY (transcript_id, seq)
);
