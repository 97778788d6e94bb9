-- Kept in step with db/postgresql/V10__payload_compression.sql, which moves payloads to lz4
-- compression. SQLite does not compress; nothing changes here.
SELECT 1;
