INSERT INTO measures VALUES (1, 'a', 1.50, 3, 0.5), (2, 'bb', 22.00, 0, NULL);
