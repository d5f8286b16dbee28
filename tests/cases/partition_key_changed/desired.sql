-- A new partition key cannot be set in place: the table is built anew, and with it its
-- partitions at every level (DROP TABLE of a partitioned table drops them).
CREATE TABLE measures (id int NOT NULL, region text NOT NULL, sensor text NOT NULL) PARTITION BY LIST (sensor);
CREATE TABLE measures_eu PARTITION OF measures FOR VALUES IN ('eu') PARTITION BY LIST (sensor);
CREATE TABLE measures_eu_a PARTITION OF measures_eu FOR VALUES IN ('a');
CREATE TABLE measures_us PARTITION OF measures FOR VALUES IN ('us');
CREATE INDEX measures_id ON measures (id);
