-- Range types: a range a column uses is kept; one nothing uses is built anew when its options
-- change (PostgreSQL has no ALTER for them); one is dropped, one created; comments on them.
CREATE FUNCTION time_subtype_diff(x time, y time) RETURNS float8 LANGUAGE sql STRICT IMMUTABLE
  AS 'SELECT EXTRACT(EPOCH FROM (x - y))';
CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = time_subtype_diff);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE textish AS RANGE (subtype = text);
CREATE TYPE obsolete_range AS RANGE (subtype = int4);
COMMENT ON TYPE floatrange IS 'old';
COMMENT ON TYPE timerange IS 'opening hours';
CREATE TABLE shifts (id int PRIMARY KEY, during timerange);
