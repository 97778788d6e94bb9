-- Kept in step with db/sqlite/V13__deflated_payloads.sql.

-- New payloads are stored deflated (zlib, PayloadCompression): a 14 KB payload takes about 2.4 KB.
-- Payloads stored before keep their text; exactly one of the two columns holds a row's payload.
-- STORAGE MAIN keeps a deflated payload in its row while the row fits in a page (8 KB): compressed
-- again by lz4 into the TOAST table, it cost two TOAST chunks and their index entries a delivery.
ALTER TABLE delivery_payloads
  ALTER COLUMN payload DROP NOT NULL,
  ADD COLUMN deflated bytea,
  ADD CONSTRAINT delivery_payloads_one_form CHECK ((payload IS NULL) <> (deflated IS NULL));
ALTER TABLE delivery_payloads ALTER COLUMN deflated SET STORAGE MAIN;
