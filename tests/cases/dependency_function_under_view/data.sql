INSERT INTO orders SELECT g, g FROM generate_series(1, 100) g;
