-- A serial column that owns a second sequence too (OWNED BY), created before the table: the
-- catalog lists both as the column's (pg_depend deptype 'a'); serial's is the one its default
-- reads, whichever was created first.
CREATE SEQUENCE tickets_other_seq OWNED BY NONE;
CREATE TABLE tickets (id serial, subject text);
ALTER SEQUENCE tickets_other_seq OWNED BY tickets.id;
