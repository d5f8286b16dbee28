INSERT INTO accounts (id, balance, nickname, opened_at) VALUES (1, 0, 'x', now());
