-- The same schema as pg_dump writes it: partitions as tables attached afterwards, indexes ON
-- ONLY attached by name, keys added ONLY and attached. The partition index of events_a is
-- renamed, events_b's is attached, events_c becomes a partition whose own index is kept apart
-- (the parent's index gets a new one) and every partition's key is attached to the parent's.
CREATE TABLE events (id integer NOT NULL, kind text NOT NULL, at date) PARTITION BY LIST (kind);
CREATE TABLE events_a (id integer NOT NULL, kind text NOT NULL, at date);
CREATE TABLE events_b (id integer NOT NULL, kind text NOT NULL, at date);
CREATE TABLE events_c (id integer NOT NULL, kind text NOT NULL, at date);
ALTER TABLE ONLY events ATTACH PARTITION events_a FOR VALUES IN ('a');
ALTER TABLE ONLY events ATTACH PARTITION events_b FOR VALUES IN ('b');
ALTER TABLE ONLY events ATTACH PARTITION events_c FOR VALUES IN ('c');
CREATE INDEX events_at ON ONLY events USING btree (at);
CREATE INDEX events_a_when ON events_a USING btree (at);
CREATE INDEX events_b_at_local ON events_b USING btree (at);
CREATE INDEX events_c_at_idx ON events_c USING btree (at);
CREATE INDEX events_c_at_own ON events_c USING btree (at);
ALTER INDEX events_at ATTACH PARTITION events_a_when;
ALTER INDEX events_at ATTACH PARTITION events_b_at_local;
ALTER INDEX events_at ATTACH PARTITION events_c_at_idx;
ALTER TABLE ONLY events ADD CONSTRAINT events_pkey PRIMARY KEY (id, kind);
ALTER TABLE ONLY events_a ADD CONSTRAINT events_a_pkey PRIMARY KEY (id, kind);
ALTER TABLE ONLY events_b ADD CONSTRAINT events_b_pkey PRIMARY KEY (id, kind);
ALTER TABLE ONLY events_c ADD CONSTRAINT events_c_pkey PRIMARY KEY (id, kind);
ALTER INDEX events_pkey ATTACH PARTITION events_a_pkey;
ALTER INDEX events_pkey ATTACH PARTITION events_b_pkey;
ALTER INDEX events_pkey ATTACH PARTITION events_c_pkey;
