-- Kept in step with db/sqlite/V10__payload_compression.sql.

-- PostgreSQL compresses a 14 KB payload with pglz by default: about 100 µs a row to write and the
-- largest cost of storing a delivery. lz4 takes a fifth of that for a similar size. A server built
-- without lz4 (or older than PostgreSQL 14, which has no SET COMPRESSION) refuses the setting; it
-- then keeps pglz. EXECUTE defers parsing the statement into the block that handles its failure.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE delivery_payloads ALTER COLUMN payload SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value OR syntax_error THEN
  RAISE NOTICE 'lz4 is not available: delivery payloads stay compressed with pglz';
END
$$;
