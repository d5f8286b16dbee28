CREATE TYPE status AS ENUM ('active', 'suspended', 'archived');
