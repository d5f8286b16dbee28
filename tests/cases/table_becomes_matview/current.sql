CREATE TABLE src (id int PRIMARY KEY, v int);
CREATE TABLE report (id int, total bigint);
CREATE INDEX report_id ON report (id);
