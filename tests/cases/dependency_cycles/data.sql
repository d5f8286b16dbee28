INSERT INTO seed SELECT g FROM generate_series(1, 5) g;
