-- Everything here goes: a type used by a table and a function, a function used by a view, a
-- check and a default, a table read by a view; each must be dropped after what uses it.
CREATE TYPE status AS ENUM ('new', 'done');
CREATE FUNCTION next_status(s status) RETURNS status LANGUAGE sql IMMUTABLE AS $$ SELECT 'done'::status $$;
CREATE FUNCTION positive(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i > 0 $$;
CREATE SEQUENCE ticket_numbers;
CREATE TABLE tickets (
  id int PRIMARY KEY DEFAULT nextval('ticket_numbers'),
  s status NOT NULL DEFAULT 'new',
  n int CHECK (positive(n))
);
CREATE VIEW open_tickets AS SELECT id, next_status(s) AS next FROM tickets WHERE s = 'new';
CREATE TABLE keep (id int PRIMARY KEY);
