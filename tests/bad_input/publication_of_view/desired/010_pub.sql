CREATE TABLE events (id int PRIMARY KEY, kind text);
CREATE VIEW recent AS SELECT * FROM events;
CREATE PUBLICATION events_pub FOR TABLE events WHERE (kind = 'x'), recent;
