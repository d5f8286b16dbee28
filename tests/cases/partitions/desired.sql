CREATE TABLE events (
    id bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload jsonb,
    tenant_id uuid
) PARTITION BY RANGE (occurred_at);
CREATE TABLE events_2026_02 PARTITION OF events FOR VALUES FROM ('2026-02-01') TO ('2026-03-01');
CREATE TABLE events_2026_03 PARTITION OF events FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
-- detached: a plain table now, with the columns it had
CREATE TABLE events_2026_01 (
    id bigint NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload jsonb
);
CREATE INDEX events_occurred_at_idx ON events (occurred_at);
CREATE INDEX events_tenant_idx ON events (tenant_id, occurred_at);
CREATE TABLE audit (id bigint NOT NULL, at date NOT NULL) PARTITION BY LIST (at);
