-- A table replaced by a materialized view of the same name, with an index of the same name:
-- the index belongs to the view now (planning it used to throw std::out_of_range).
CREATE TABLE src (id int PRIMARY KEY, v int);
CREATE MATERIALIZED VIEW report AS SELECT id, sum(v) AS total FROM src GROUP BY id;
CREATE INDEX report_id ON report (id);
