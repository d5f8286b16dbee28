INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
INSERT INTO events SELECT g, '2025-06-01', g FROM generate_series(1, 10) g;
