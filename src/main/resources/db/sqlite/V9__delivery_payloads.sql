-- Kept in step with db/postgresql/V9__delivery_payloads.sql.

-- Payloads move to a table of their own, written once and never updated. SQLite rewrites a whole
-- row, overflow pages and all, on every UPDATE: with payloads in deliveries, recording a job's
-- outcome rewrote 14 KB per delivery. The deliveries row is now small.
CREATE TABLE delivery_payloads (
  id      TEXT PRIMARY KEY,
  payload TEXT NOT NULL
);
INSERT INTO delivery_payloads (id, payload) SELECT id, payload FROM deliveries;
ALTER TABLE deliveries DROP COLUMN payload;
