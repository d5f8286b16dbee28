CREATE FUNCTION step(integer, integer) RETURNS integer LANGUAGE sql AS $$SELECT $1 + $2$$;
CREATE AGGREGATE add_up(integer) (SFUNC = step, STYPE = integer, INITIAL = 0);
