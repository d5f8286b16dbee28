-- Aggregates: replaced in place (CREATE OR REPLACE AGGREGATE) where PostgreSQL can, dropped and
-- created where the state type changes (the view calling it goes around), comments, privileges.
CREATE FUNCTION int_add(a bigint, b integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION half(bigint) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT $1 / 2.0';
CREATE FUNCTION num_add(a numeric, b integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT a + b';

-- In place: INITCOND and PARALLEL change; the view keeps calling it.
CREATE AGGREGATE total(integer) (SFUNC = int_add, STYPE = bigint, INITCOND = '10', PARALLEL = SAFE);
REVOKE EXECUTE ON FUNCTION total(integer) FROM PUBLIC;
CREATE AGGREGATE half_total(integer) (SFUNC = int_add, STYPE = bigint, INITCOND = '0', FINALFUNC = half,
                                      FINALFUNC_MODIFY = READ_ONLY);
COMMENT ON AGGREGATE half_total(integer) IS 'new';
-- The state type changes: dropped and created, with the view around it.
CREATE AGGREGATE agg_used(integer) (SFUNC = num_add, STYPE = numeric, INITCOND = '0');
CREATE AGGREGATE my_max(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);

-- New ones, in every syntax.
CREATE AGGREGATE legacy_sum (BASETYPE = integer, SFUNC = int4pl, STYPE = integer, INITCOND = '0');
CREATE AGGREGATE my_count(*) (SFUNC = int8inc, STYPE = int8, INITCOND = 0);
CREATE AGGREGATE msum(integer) (SFUNC = int4pl, STYPE = int4, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int4);
CREATE AGGREGATE par_sum(bigint) (SFUNC = int8pl, STYPE = int8, COMBINEFUNC = int8pl, PARALLEL = SAFE);
CREATE AGGREGATE my_percentile(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal,
                                                            FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
CREATE AGGREGATE my_rank(VARIADIC "any" ORDER BY VARIADIC "any") (SFUNC = ordered_set_transition_multi,
  STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
CREATE SCHEMA stats;
CREATE FUNCTION stats.acc(state numeric[], x numeric) RETURNS numeric[] LANGUAGE sql IMMUTABLE
  AS 'SELECT ARRAY[state[1] + x, state[2] + 1]';
CREATE FUNCTION stats.fin(state numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT state[1] / NULLIF(state[2], 0)';
CREATE AGGREGATE stats.mean(value numeric) (SFUNC = stats.acc, STYPE = numeric[], FINALFUNC = stats.fin, INITCOND = '{0,0}');
COMMENT ON AGGREGATE stats.mean(numeric) IS 'arithmetic mean';

CREATE TABLE readings (id int PRIMARY KEY, n int);
CREATE VIEW reading_totals AS SELECT agg_used(n) AS s, total(n) AS t FROM readings;
CREATE VIEW reading_stats AS SELECT stats.mean(n), my_count(*) AS c, my_percentile(0.5) WITHIN GROUP (ORDER BY n) AS p FROM readings;
