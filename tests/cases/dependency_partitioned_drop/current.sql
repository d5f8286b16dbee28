-- A partitioned table with partitions, a foreign key to it and one from it, dropped; and a
-- plain table that becomes partitioned (rebuilt) while a view reads it.
CREATE TABLE customers (id int PRIMARY KEY);
CREATE TABLE events (id int, day date NOT NULL, customer_id int REFERENCES customers, PRIMARY KEY (id, day))
  PARTITION BY RANGE (day);
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE event_notes (id int PRIMARY KEY, event_id int, event_day date, FOREIGN KEY (event_id, event_day) REFERENCES events);
CREATE TABLE logs (id int NOT NULL, at date NOT NULL);
CREATE VIEW recent_logs AS SELECT id FROM logs WHERE at > '2025-01-01';
