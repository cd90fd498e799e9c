-- setup for edits.pgbench: a ledger whose amounts always sum to 0, and
-- notes that are inserted and deleted; plus the memory samples table.
CREATE SCHEMA bench;
CREATE TABLE bench.ledger (id int PRIMARY KEY, amount bigint NOT NULL);
INSERT INTO bench.ledger SELECT g, 0 FROM generate_series(1, 100) g;
CREATE TABLE bench.notes (id bigserial PRIMARY KEY, ledger int NOT NULL, body text NOT NULL);
CREATE INDEX notes_ledger ON bench.notes (ledger);
CREATE TABLE bench.memory (pid int, at timestamptz, context_bytes bigint);
