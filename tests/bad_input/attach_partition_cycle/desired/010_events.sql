CREATE TABLE events (id integer NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE INDEX events_id ON events (id);
ALTER TABLE events ATTACH PARTITION events FOR VALUES IN ('a');
