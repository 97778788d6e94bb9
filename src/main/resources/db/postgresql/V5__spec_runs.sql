-- Kept in step with db/sqlite/V5__spec_runs.sql.
-- Money is stored as integer micro-dollars with a "known" flag: an unknown cost is never zero.

CREATE TABLE runs (
  id              BIGSERIAL PRIMARY KEY,
  repo            TEXT NOT NULL,
  installation_id BIGINT NOT NULL,
  issue_number    INT NOT NULL,
  issue_title     TEXT NOT NULL,
  slug            TEXT NOT NULL,
  state           TEXT NOT NULL,
  labeler         TEXT NOT NULL,
  policy          TEXT NOT NULL,
  overrides       TEXT NOT NULL DEFAULT '{}',
  research_notes  TEXT,
  plan_json       TEXT,
  failure         TEXT,
  plan_gen        INT NOT NULL DEFAULT 0,
  status_seq      BIGINT NOT NULL DEFAULT 0,
  lock_seq        BIGINT NOT NULL DEFAULT 0,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
-- One active run per repository and issue: a second label while one runs starts nothing.
CREATE UNIQUE INDEX runs_one_active ON runs (repo, issue_number)
  WHERE state NOT IN ('DONE', 'FAILED', 'CANCELLED');

CREATE TABLE run_phases (
  run_id        BIGINT NOT NULL REFERENCES runs (id),
  phase         TEXT NOT NULL,
  model         TEXT,
  iterations    INT NOT NULL DEFAULT 0,
  input_tokens  BIGINT NOT NULL DEFAULT 0,
  output_tokens BIGINT NOT NULL DEFAULT 0,
  cache_read    BIGINT NOT NULL DEFAULT 0,
  cache_write   BIGINT NOT NULL DEFAULT 0,
  cost_micros   BIGINT NOT NULL DEFAULT 0,
  cost_known    BOOLEAN NOT NULL DEFAULT TRUE,
  wall_ms       BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, phase)
);

CREATE TABLE subtasks (
  run_id         BIGINT NOT NULL REFERENCES runs (id),
  task_key       TEXT NOT NULL,
  position       INT NOT NULL,
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  acceptance     TEXT NOT NULL,
  files          TEXT NOT NULL,
  depends_on     TEXT NOT NULL,
  state          TEXT NOT NULL,
  branch         TEXT NOT NULL,
  base_branch    TEXT,
  pr_number      INT,
  head_sha       TEXT,
  model          TEXT,
  model_override TEXT,
  attempts       INT NOT NULL DEFAULT 0,
  failures       INT NOT NULL DEFAULT 0,
  iterations     INT NOT NULL DEFAULT 0,
  input_tokens   BIGINT NOT NULL DEFAULT 0,
  output_tokens  BIGINT NOT NULL DEFAULT 0,
  cache_read     BIGINT NOT NULL DEFAULT 0,
  cache_write    BIGINT NOT NULL DEFAULT 0,
  cost_micros    BIGINT NOT NULL DEFAULT 0,
  cost_known     BOOLEAN NOT NULL DEFAULT TRUE,
  wall_ms        BIGINT NOT NULL DEFAULT 0,
  review_rounds  INT NOT NULL DEFAULT 0,
  revision_notes TEXT,
  summary        TEXT,
  reason         TEXT,
  incomplete     BOOLEAN NOT NULL DEFAULT FALSE,
  sub_issue      INT,
  updated_at     BIGINT NOT NULL,
  PRIMARY KEY (run_id, task_key)
);
CREATE INDEX subtasks_pr ON subtasks (pr_number);

-- What the run made on GitHub, by stable key (plan comment, status comment, pr:<key>, ...).
CREATE TABLE run_github_objects (
  run_id     BIGINT NOT NULL REFERENCES runs (id),
  object_key TEXT NOT NULL,
  kind       TEXT NOT NULL,
  number     BIGINT NOT NULL,
  url        TEXT,
  PRIMARY KEY (run_id, object_key)
);
