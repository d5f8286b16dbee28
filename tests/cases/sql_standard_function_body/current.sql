-- SQL-standard bodies (RETURN expr) compare by their expression, normalized as any other:
-- pg_get_functiondef qualifies names and adds parentheses. A changed body is replaced; a CHECK
-- calling the function follows it.
CREATE FUNCTION add(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN a + b;
CREATE FUNCTION incr(i integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN i + 1;
CREATE FUNCTION decr(i integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN i - 1;
CREATE FUNCTION combined(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN add(a, b) + incr(a);
CREATE TABLE t (a int, b int CHECK (combined(a, b) > 0));
