-- Partitions' own keys adopted by a unique index created on their parent afterwards
-- (DefineIndex attaches a matching index of each partition, key or not). PostgreSQL refuses to
-- drop such a key ("index ... requires it") or the parent's index ("constraint ... depends on
-- it") alone: DROP INDEX ... CASCADE drops both, and a key the desired schema keeps is added back.
CREATE TABLE events (id int NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b');
ALTER TABLE events_a ADD CONSTRAINT events_a_pkey PRIMARY KEY (kind, id);
ALTER TABLE events_b ADD CONSTRAINT events_b_key UNIQUE (kind, id);
CREATE UNIQUE INDEX events_kind_id ON events (kind, id);

-- The parent's index turning into the parent's primary key, of the same name.
CREATE TABLE orders (id int NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
ALTER TABLE orders_eu ADD CONSTRAINT orders_eu_pkey PRIMARY KEY (region, id);
CREATE UNIQUE INDEX orders_pkey ON orders (region, id);
