CREATE EXTENSION citext;
CREATE TYPE tenant_status AS ENUM ('active', 'suspended', 'deleted', 'archived');
CREATE TYPE membership_status AS ENUM ('invited', 'active', 'left');

CREATE TABLE tenants (
    id         uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    slug       varchar(100) NOT NULL UNIQUE,
    name       varchar(255) NOT NULL DEFAULT '',
    status     tenant_status NOT NULL DEFAULT 'active',
    settings   jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz  NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    CONSTRAINT tenants_deleted_consistent CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))
);
COMMENT ON TABLE tenants IS 'Tenants: the root of tenant isolation. It''s "quoted".';
COMMENT ON COLUMN tenants.slug IS E'URL-friendly identifier\nlowercase letters, digits and dashes';

CREATE TABLE users (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email      citext      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_tenant_email_key UNIQUE (tenant_id, email)
);
COMMENT ON TABLE users IS 'Users, each owned by a tenant.';

CREATE TABLE roles (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid         REFERENCES tenants (id) ON DELETE CASCADE,
    name        varchar(100) NOT NULL,
    permissions text[]       NOT NULL DEFAULT '{}',
    CONSTRAINT roles_name_format CHECK (name ~ '^[a-z][a-z0-9_]*$')
);
CREATE UNIQUE INDEX roles_system_name_key ON roles (name) WHERE tenant_id IS NULL;
CREATE UNIQUE INDEX roles_tenant_name_key ON roles (tenant_id, name) WHERE tenant_id IS NOT NULL;

CREATE TABLE user_organizations (
    user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    role_id   uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    status    membership_status NOT NULL DEFAULT 'invited',
    joined_at timestamptz,
    PRIMARY KEY (user_id, tenant_id),
    CONSTRAINT user_organizations_active_has_joined_at CHECK (status <> 'active' OR joined_at IS NOT NULL)
);
CREATE INDEX ON user_organizations (tenant_id, status);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY admin_bypass ON users
    USING (current_setting('app.is_admin', true) = 'true');

ALTER TABLE user_organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_organizations
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
