-- 070_events.sql
-- DCB (Dynamic Consistency Boundary) event store.
-- Events are appended with a global, gap-tolerant sequence position and are
-- selected by type and tags. An append is conditional on no new event matching
-- the same type/tag query after the position the writer last saw.

CREATE TABLE events (
    sequence_position bigserial    PRIMARY KEY,
    event_id          uuid         NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    tenant_id         uuid         NOT NULL REFERENCES tenants (id) ON DELETE RESTRICT,
    type              varchar(255) NOT NULL,
    tags              text[]       NOT NULL DEFAULT '{}',
    data              jsonb        NOT NULL,
    metadata          jsonb        NOT NULL DEFAULT '{}'::jsonb,
    correlation_id    uuid,
    causation_id      uuid,
    recorded_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT events_type_not_blank CHECK (length(btrim(type)) > 0),
    CONSTRAINT events_data_is_object CHECK (jsonb_typeof(data) = 'object')
);

CREATE INDEX events_tags_idx ON events USING gin (tags);
CREATE INDEX events_data_idx ON events USING gin (data jsonb_path_ops);
CREATE INDEX events_type_position_idx ON events (type, sequence_position);
CREATE INDEX events_tenant_position_idx ON events (tenant_id, sequence_position);
CREATE INDEX events_correlation_id_idx ON events (correlation_id)
    WHERE correlation_id IS NOT NULL;

COMMENT ON TABLE events IS 'DCB event store. Append-only, queried by type and tags.';
COMMENT ON COLUMN events.sequence_position IS 'Global, monotonically increasing position used for append conditions.';
COMMENT ON COLUMN events.tags IS 'Consistency-boundary tags such as user:<uuid> or org:<uuid>.';
