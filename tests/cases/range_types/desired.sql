CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 LANGUAGE sql STRICT IMMUTABLE
  AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
CREATE TYPE timerange AS RANGE (SUBTYPE = time without time zone, SUBTYPE_DIFF = public.time_subtype_diff);
CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);
CREATE TYPE textish AS RANGE (subtype = text, collation = "C", multirange_type_name = textish_many);
-- The default operator class written out is the same as none.
CREATE TYPE period AS RANGE (subtype = pg_catalog.date, subtype_opclass = date_ops);
COMMENT ON TYPE floatrange IS 'new';
COMMENT ON TYPE timerange IS 'opening hours';
CREATE TABLE shifts (id int PRIMARY KEY, during timerange, breaks timemultirange, span period, names textish_many[]);
