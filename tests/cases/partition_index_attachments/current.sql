-- A partitioned index made ON ONLY and attached by hand, one partition's index not attached
-- yet (the parent index stays invalid), and a table that is not a partition yet.
CREATE TABLE events (id integer NOT NULL, kind text NOT NULL, at date) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b');
CREATE INDEX events_at ON ONLY events (at);
CREATE INDEX events_a_at ON events_a (at);
ALTER INDEX events_at ATTACH PARTITION events_a_at;
CREATE INDEX events_b_at_local ON events_b (at);
CREATE TABLE events_c (id integer NOT NULL, kind text NOT NULL, at date);
CREATE INDEX events_c_at_own ON events_c (at);
