CREATE TABLE events (
  id bigint,
  tenant int NOT NULL,
  tags text[],
  CONSTRAINT events_pkey PRIMARY KEY (id),
  CONSTRAINT events_tenant_id UNIQUE (tenant, id) WITH (fillfactor = 60, deduplicate_items = off)
);
CREATE INDEX events_tenant ON events (tenant) WITH (fillfactor = 80);
CREATE INDEX events_tags ON events USING gin (tags) WITH (fastupdate = on, gin_pending_list_limit = 128);
CREATE INDEX events_plain ON events (tenant, id) WITH (fillfactor = 75) WHERE tenant > 0;
CREATE TABLE ranges (r int4range, EXCLUDE USING gist (r WITH &&) WITH (fillfactor = 90));
CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE INDEX measurements_v ON measurements (v) WITH (fillfactor = 60);
