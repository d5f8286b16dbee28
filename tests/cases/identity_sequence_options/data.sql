INSERT INTO tickets (legacy) SELECT g FROM generate_series(1, 5) g;
