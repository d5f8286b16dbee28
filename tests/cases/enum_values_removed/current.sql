-- Enum values removed and reordered: no ALTER TYPE ... DROP VALUE exists, so the type is built
-- anew and its columns (arrays too), defaults and the views reading them converted through text.
CREATE TYPE status AS ENUM ('active', 'suspended', 'archived');
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TABLE accounts (id int PRIMARY KEY, status status NOT NULL DEFAULT 'active', history status[], fit size);
CREATE VIEW active_accounts AS SELECT id, status FROM accounts WHERE status = 'active';
