CREATE TABLE events (id integer NOT NULL, kind text NOT NULL, at date) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE INDEX events_at ON ONLY events (at);
CREATE INDEX events_a_id ON events_a (id);
ALTER INDEX events_at ATTACH PARTITION events_a_id;
