-- Kept in step with db/postgresql/V13__deflated_payloads.sql.

-- New payloads are stored deflated (zlib, PayloadCompression): a 14 KB payload takes about 2.4 KB,
-- one table page shared with its neighbours instead of four overflow pages of its own, and storing
-- a delivery writes a fifth of the bytes to the WAL and again to the database file. Payloads stored
-- before keep their text; exactly one of the two columns holds a row's payload. SQLite cannot drop
-- a NOT NULL constraint in place, so the table is rebuilt (a copy of what the 30-day retention
-- keeps).
CREATE TABLE delivery_payloads_v13 (
  id       TEXT PRIMARY KEY,
  payload  TEXT,
  deflated BLOB,
  CHECK ((payload IS NULL) <> (deflated IS NULL))
);
INSERT INTO delivery_payloads_v13 (id, payload) SELECT id, payload FROM delivery_payloads;
DROP TABLE delivery_payloads;
ALTER TABLE delivery_payloads_v13 RENAME TO delivery_payloads;
