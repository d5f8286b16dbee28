INSERT INTO events VALUES (1, 'a', '2026-01-01'), (2, 'b', '2026-01-02');
INSERT INTO events_c VALUES (3, 'c', '2026-01-03');
