-- Kept in step with db/postgresql/V6__human_loop.sql.

-- The threads of a person's changes-requested review that a developer attempt is to address, one
-- row per thread (its first comment's id). The attempt that finished with them open answers them:
-- a reply (posted in the thread after the push) or none (not addressed: no reply is posted).
CREATE TABLE review_threads (
  run_id           BIGINT NOT NULL REFERENCES runs (id),
  task_key         TEXT NOT NULL,
  thread_id        BIGINT NOT NULL,
  review_id        BIGINT NOT NULL,
  path             TEXT NOT NULL,
  line             INT NOT NULL,
  body             TEXT NOT NULL,
  answered_attempt INT,
  reply            TEXT,
  reply_id         BIGINT,
  PRIMARY KEY (run_id, task_key, thread_id)
);

-- Each command of a comment (and each changes-requested review) that was acted on, so that a
-- replayed delivery does not act twice: claimed before acting, done (with its reply line) after.
-- source is e.g. 'issue-comment:123', 'review-comment:456', 'review:789'; position is the
-- command's index in the comment, or -1 for the comment's reply.
CREATE TABLE command_executions (
  source     TEXT NOT NULL,
  position   INT NOT NULL,
  state      TEXT NOT NULL,
  outcome    TEXT,
  claimed_at BIGINT NOT NULL,
  done_at    BIGINT,
  PRIMARY KEY (source, position)
);
