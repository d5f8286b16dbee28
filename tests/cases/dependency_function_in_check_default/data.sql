INSERT INTO accounts SELECT g FROM generate_series(1, 50) g;
