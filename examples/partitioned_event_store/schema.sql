-- An append-only event store partitioned by month, with tenant isolation: a desired schema as a
-- user writes it. Try: schemasync plan --desired examples/partitioned_event_store
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE event_log (
    position    bigint GENERATED ALWAYS AS IDENTITY,
    tenant_id   uuid        NOT NULL,
    type        text        NOT NULL,
    tags        text[]      NOT NULL DEFAULT '{}',
    data        jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (position, recorded_at)
) PARTITION BY RANGE (recorded_at);

CREATE TABLE event_log_2026_11 PARTITION OF event_log FOR VALUES FROM ('2026-11-01') TO ('2026-12-01');
CREATE TABLE event_log_2026_12 PARTITION OF event_log FOR VALUES FROM ('2026-12-01') TO ('2027-01-01');
CREATE TABLE event_log_default PARTITION OF event_log DEFAULT;

CREATE INDEX event_log_tags_idx ON event_log USING gin (tags);
CREATE INDEX event_log_type_idx ON event_log (tenant_id, type, recorded_at DESC);

ALTER TABLE event_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON event_log
    USING (tenant_id = current_setting('app.current_tenant_id', true)::uuid)
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true)::uuid);

COMMENT ON TABLE event_log IS 'Append-only domain events, one partition per month';
