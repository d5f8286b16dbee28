-- The parent gains a primary key, which adopts orders_eu's own (PostgreSQL attaches a matching
-- key of each partition, DefineIndex) and gives orders_us a copy; a new partition brings its own
-- unique key, which the parent's existing unique index adopts.
CREATE TABLE orders (id integer NOT NULL, region text NOT NULL, total numeric CHECK (total >= 0)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders (PRIMARY KEY (id, region)) FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE TABLE orders_asia PARTITION OF orders (UNIQUE (region, id)) FOR VALUES IN ('asia');
CREATE UNIQUE INDEX orders_region_id ON orders (region, id);
ALTER TABLE orders ADD PRIMARY KEY (id, region);
