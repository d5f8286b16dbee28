-- PARTITION OF parent (col WITH OPTIONS ...): column entries without a type (the grammar leaves
-- ColumnDef.typeName NULL; the parent defines the column). This used to crash the parser.
CREATE TABLE measurements (id int, city text, reading numeric) PARTITION BY LIST (city);
CREATE TABLE measurements_paris PARTITION OF measurements (
  city NOT NULL,
  PRIMARY KEY (city, id)
) FOR VALUES IN ('paris');
CREATE TABLE measurements_oslo PARTITION OF measurements (
  UNIQUE (city, id)
) FOR VALUES IN ('oslo');
CREATE INDEX measurements_paris_reading ON measurements_paris (reading);
