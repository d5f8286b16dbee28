INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 5) g;
