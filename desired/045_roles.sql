-- 045_roles.sql
-- Role-based access control: roles (system-wide or tenant-defined) and
-- user_organizations, the membership of a user in a tenant with a role.

CREATE TABLE roles (
    id          uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid         REFERENCES tenants (id) ON DELETE CASCADE,
    name        varchar(100) NOT NULL,
    description text,
    permissions text[]       NOT NULL DEFAULT '{}',
    is_system   boolean      NOT NULL DEFAULT false,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    updated_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT roles_name_format CHECK (name ~ '^[a-z][a-z0-9_]*$'),
    CONSTRAINT roles_system_has_no_tenant CHECK (is_system = (tenant_id IS NULL))
);

CREATE UNIQUE INDEX roles_system_name_key ON roles (name)
    WHERE tenant_id IS NULL;
CREATE UNIQUE INDEX roles_tenant_name_key ON roles (tenant_id, name)
    WHERE tenant_id IS NOT NULL;

COMMENT ON TABLE roles IS 'Roles. tenant_id NULL marks a built-in system role visible to all tenants.';
COMMENT ON COLUMN roles.permissions IS 'Permission codes granted by the role, e.g. users.read or api_keys.manage.';

CREATE TABLE user_organizations (
    id                    uuid              PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id               uuid              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id             uuid              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    role_id               uuid              NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    status                membership_status NOT NULL DEFAULT 'invited',
    invited_by            uuid              REFERENCES users (id) ON DELETE SET NULL,
    invitation_token_hash text              UNIQUE,
    invitation_expires_at timestamptz,
    joined_at             timestamptz,
    left_at               timestamptz,
    created_at            timestamptz       NOT NULL DEFAULT now(),
    updated_at            timestamptz       NOT NULL DEFAULT now(),
    CONSTRAINT user_organizations_user_tenant_key UNIQUE (user_id, tenant_id),
    CONSTRAINT user_organizations_active_has_joined_at
        CHECK (status <> 'active' OR joined_at IS NOT NULL)
);

CREATE INDEX user_organizations_tenant_status_idx ON user_organizations (tenant_id, status);
CREATE INDEX user_organizations_role_id_idx ON user_organizations (role_id);

COMMENT ON TABLE user_organizations IS 'Membership of a user in a tenant (organization), with the role held there.';
