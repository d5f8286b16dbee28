INSERT INTO readings SELECT g, '2025-03-01', g FROM generate_series(1, 50) g;
