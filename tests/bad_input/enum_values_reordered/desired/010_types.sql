CREATE TYPE status AS ENUM ('archived', 'active');
