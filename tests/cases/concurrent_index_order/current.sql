CREATE TABLE parent (id int PRIMARY KEY, code text NOT NULL);
CREATE TABLE child (id int PRIMARY KEY, parent_code text);
CREATE TABLE t (id int PRIMARY KEY, a text, b int, CONSTRAINT t_a_key UNIQUE (a));
CREATE INDEX t_b_idx ON t (b);
