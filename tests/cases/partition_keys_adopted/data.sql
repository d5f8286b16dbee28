INSERT INTO orders VALUES (1, 'eu', 10), (2, 'us', 20);
