CREATE TABLE events (id integer NOT NULL, at date);
CREATE INDEX events_at ON events (at);
ALTER INDEX events_at SET (fillfactor = 70);
