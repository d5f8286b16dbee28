CREATE TYPE status AS ENUM ('active', 'archived');
