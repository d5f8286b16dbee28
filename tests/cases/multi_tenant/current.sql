CREATE EXTENSION citext;
CREATE TYPE tenant_status AS ENUM ('active', 'suspended', 'deleted');
CREATE TABLE tenants (
    id     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug   varchar(100) NOT NULL UNIQUE,
    status tenant_status NOT NULL DEFAULT 'active'
);
COMMENT ON TABLE tenants IS 'Old description';
CREATE TABLE users (
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    email     text NOT NULL
);
COMMENT ON COLUMN users.email IS 'Going away';
CREATE INDEX users_email_idx ON users (email);
