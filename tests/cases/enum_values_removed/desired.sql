CREATE TYPE status AS ENUM ('active', 'archived');
CREATE TYPE size AS ENUM ('l', 'm', 's');
CREATE TABLE accounts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'active', history status[], fit size);
CREATE VIEW active_accounts AS SELECT id, status FROM accounts WHERE status = 'active';
