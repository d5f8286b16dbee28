INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 5) g;
