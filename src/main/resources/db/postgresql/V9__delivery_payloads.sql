-- Kept in step with db/sqlite/V9__delivery_payloads.sql.

-- Payloads move to a table of their own, written once and never updated, so that recording a
-- job's outcome updates a small deliveries row (SQLite rewrites a whole row on UPDATE).
CREATE TABLE delivery_payloads (
  id      TEXT PRIMARY KEY,
  payload TEXT NOT NULL
);
INSERT INTO delivery_payloads (id, payload) SELECT id, payload FROM deliveries;
ALTER TABLE deliveries DROP COLUMN payload;
