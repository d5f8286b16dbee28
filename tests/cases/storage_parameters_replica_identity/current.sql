CREATE TABLE events (id bigint PRIMARY KEY, body text) WITH (fillfactor = 80, autovacuum_enabled = false);
CREATE UNIQUE INDEX events_body_key ON events (body);
ALTER TABLE events ALTER COLUMN body SET NOT NULL;
ALTER TABLE events REPLICA IDENTITY USING INDEX events_body_key;
CREATE TABLE audit (id int) WITH (autovacuum_vacuum_scale_factor = 0.2);
ALTER TABLE audit REPLICA IDENTITY FULL;
CREATE TABLE gone (id int) WITH (fillfactor = 50);
ALTER TABLE gone REPLICA IDENTITY NOTHING;
