-- Partitions with keys of their own, a parent with a unique index and no key yet.
CREATE TABLE orders (id integer NOT NULL, region text NOT NULL, total numeric CHECK (total >= 0)) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders (PRIMARY KEY (id, region)) FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
CREATE UNIQUE INDEX orders_region_id ON orders (region, id);
