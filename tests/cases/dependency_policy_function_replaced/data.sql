INSERT INTO docs (id) SELECT g FROM generate_series(1, 30) g;
