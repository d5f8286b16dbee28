-- Aggregates: replaced in place (CREATE OR REPLACE AGGREGATE) where PostgreSQL can, dropped and
-- created where the state type changes (the view calling it goes around), comments, privileges.
CREATE FUNCTION int_add(a bigint, b integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION half(bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 / 2.0';
CREATE FUNCTION old_step(integer, integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';

CREATE AGGREGATE total(integer) (SFUNC = int_add, STYPE = bigint, INITCOND = '0');
CREATE AGGREGATE half_total(integer) (SFUNC = int_add, STYPE = bigint, INITCOND = '0', FINALFUNC = half);
COMMENT ON AGGREGATE half_total(integer) IS 'old';
CREATE AGGREGATE old_sum(integer) (SFUNC = old_step, STYPE = integer);
COMMENT ON AGGREGATE old_sum(integer) IS 'going';
CREATE AGGREGATE agg_used(integer) (SFUNC = int_add, STYPE = bigint);
CREATE AGGREGATE my_max(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = <);

CREATE TABLE readings (id int PRIMARY KEY, n int);
CREATE VIEW reading_totals AS SELECT agg_used(n) AS s, total(n) AS t FROM readings;
