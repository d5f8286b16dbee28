CREATE TABLE measures (id int NOT NULL, region text NOT NULL, sensor text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE measures_eu PARTITION OF measures FOR VALUES IN ('eu') PARTITION BY LIST (sensor);
CREATE TABLE measures_eu_a PARTITION OF measures_eu FOR VALUES IN ('a');
CREATE TABLE measures_us PARTITION OF measures FOR VALUES IN ('us');
CREATE INDEX measures_id ON measures (id);
