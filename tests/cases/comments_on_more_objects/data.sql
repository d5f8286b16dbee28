INSERT INTO orders SELECT g, g, 'n' FROM generate_series(1, 10) g;
