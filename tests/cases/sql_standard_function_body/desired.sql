CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a + b;
CREATE FUNCTION decr(i integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN i - 1;
CREATE FUNCTION combined(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN add(a, b) + decr(a);
CREATE TABLE t (a int, b int CHECK (combined(a, b) > 0));
