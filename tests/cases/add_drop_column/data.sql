INSERT INTO items VALUES (1, 'one', 10), (2, 'two', NULL);
