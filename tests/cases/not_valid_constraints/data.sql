INSERT INTO owners VALUES (1), (2);
INSERT INTO accounts VALUES (1, 10, 1), (2, 20, 2);
