CREATE TABLE events (id int PRIMARY KEY, kind text);

CREATE PUBLICATION events_pub FOR TABLE events
  WITH (publish = 'insert', streaming = on);
