-- A new unique index on an existing table, and a foreign key that needs it.
CREATE TABLE parent (id int PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX parent_code_key ON parent (code);
CREATE TABLE child (id int PRIMARY KEY, parent_code text REFERENCES parent (code));
-- Indexes re-created under the names they replace.
CREATE TABLE t (id int PRIMARY KEY, a text, b int);
CREATE UNIQUE INDEX t_a_key ON t (a) WHERE a <> '';
CREATE INDEX t_b_idx ON t (b DESC NULLS LAST) INCLUDE (a);
