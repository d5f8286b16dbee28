CREATE TABLE events (id int NOT NULL, kind text NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b');
ALTER TABLE events_b ADD CONSTRAINT events_b_key UNIQUE (kind, id);

CREATE TABLE orders (id int NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (region, id);
