CREATE TABLE events (id int PRIMARY KEY, kind text);
CREATE INDEX events_kind ON events (kind);
CREATE TABLE events_archive (LIKE events INCLUDING ALL);
