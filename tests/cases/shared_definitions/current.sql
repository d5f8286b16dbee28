-- Twin tables: statements alike but for their tables' and columns' names, of equal lengths, so
-- that PostgreSQL stores byte-for-byte equal CHECK, index and policy trees (same column numbers,
-- same token offsets: psql sends each statement on its own). The server deparses one of equal
-- trees and shares the text only between tables of the same columns (shared_deparse.h): each
-- twin must still read with its own column names, or this file is not in sync with itself.
CREATE TABLE twin_a (aa int, bb int, CHECK (aa > 0));
CREATE TABLE twin_b (xx int, yy int, CHECK (xx > 0));
CREATE INDEX twin_a_i ON twin_a (bb) WHERE aa > 1;
CREATE INDEX twin_b_i ON twin_b (yy) WHERE xx > 1;
ALTER TABLE twin_a ENABLE ROW LEVEL SECURITY;
ALTER TABLE twin_b ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON twin_a USING (aa = 1) WITH CHECK (bb = 2);
CREATE POLICY p ON twin_b USING (xx = 1) WITH CHECK (yy = 2);

-- The same columns: one text for both, each under its own name and table.
CREATE TABLE same_1 (n int CHECK (n > 0), m text);
CREATE TABLE same_2 (n int CHECK (n > 0), m text);
CREATE UNIQUE INDEX same_1_u ON same_1 (n, lower(m)) WHERE n > 5;
CREATE UNIQUE INDEX same_2_u ON same_2 (n, lower(m)) WHERE n > 5;
-- Equal column numbers, one with its second column INCLUDEd (indnkeyatts): two texts.
CREATE INDEX same_1_nm ON same_1 (n) INCLUDE (m);
CREATE INDEX same_2_nm ON same_2 (n, m);

-- A whole-row reference prints the table's own name: never shared.
CREATE TABLE row_1 (n int, CONSTRAINT whole CHECK (row_1.* IS NOT NULL));
CREATE TABLE row_2 (n int, CONSTRAINT whole CHECK (row_2.* IS NOT NULL));

-- A partitioned table's index prints "ON ONLY".
CREATE TABLE parted_1 (k int, v int) PARTITION BY RANGE (k);
CREATE TABLE parted_2 (k int, v int) PARTITION BY RANGE (k);
CREATE INDEX parted_1_v ON parted_1 (v) WHERE v > 0;
CREATE INDEX parted_2_v ON parted_2 (v) WHERE v > 0;
