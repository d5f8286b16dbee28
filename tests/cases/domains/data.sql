INSERT INTO users (id, email, balance) SELECT g, 'u' || g || '@example.com', g * 10 FROM generate_series(1, 10) g;
