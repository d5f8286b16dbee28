-- Index storage parameters (WITH (...) on CREATE INDEX and on a key's index): changed in place
-- with ALTER INDEX ... SET / RESET, never by a rebuild; on a partitioned table (whose indexes
-- take no SET) the index is built anew. pg_get_constraintdef omits a key's WITH, so the live
-- side reads the key index's reloptions.
CREATE TABLE events (
  id bigint,
  tenant int NOT NULL,
  tags text[],
  CONSTRAINT events_pkey PRIMARY KEY (id) WITH (fillfactor = 90),
  CONSTRAINT events_tenant_id UNIQUE (tenant, id)
);
CREATE INDEX events_tenant ON events (tenant) WITH (fillfactor = 70);
CREATE INDEX events_tags ON events USING gin (tags) WITH (fastupdate = off);
CREATE INDEX events_plain ON events (tenant, id);
CREATE TABLE ranges (r int4range, EXCLUDE USING gist (r WITH &&) WITH (fillfactor = 80));
CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX measurements_v ON measurements (v) WITH (fillfactor = 50);
