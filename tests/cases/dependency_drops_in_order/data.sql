INSERT INTO tickets (s, n) SELECT 'new', g FROM generate_series(1, 20) g;
INSERT INTO keep SELECT g FROM generate_series(1, 20) g;
