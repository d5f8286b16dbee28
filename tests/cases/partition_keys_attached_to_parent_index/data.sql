INSERT INTO events SELECT g, CASE WHEN g % 2 = 0 THEN 'a' ELSE 'b' END FROM generate_series(1, 40) g;
INSERT INTO orders SELECT g, 'eu' FROM generate_series(1, 20) g;
