-- Storage parameters (pg_class.reloptions) and REPLICA IDENTITY (relreplident) are set in place,
-- changed, reset, and restored by the reverse plan; a hand change to either is drift.
CREATE TABLE events (id bigint PRIMARY KEY, body text NOT NULL) WITH (fillfactor = 70);
CREATE UNIQUE INDEX events_body_key ON events (body);
ALTER TABLE events SET (autovacuum_vacuum_scale_factor = '0.05', autovacuum_enabled);
ALTER TABLE events RESET (autovacuum_enabled);
CREATE TABLE audit (id int);
ALTER TABLE audit ADD PRIMARY KEY (id);
ALTER TABLE audit REPLICA IDENTITY USING INDEX audit_pkey;
CREATE TABLE fresh (id int PRIMARY KEY, v text) WITH (fillfactor = 90);
ALTER TABLE fresh REPLICA IDENTITY FULL;
