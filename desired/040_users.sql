-- 040_users.sql
-- Users and their login sessions.
-- A user belongs to one home tenant (users.tenant_id), and may be granted
-- access to further tenants through user_organizations (see 045_roles.sql).

CREATE TABLE users (
    id                    uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id             uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id           varchar(255),
    email                 citext       NOT NULL,
    username              varchar(100),
    display_name          varchar(255),
    password_hash         text,
    status                user_status  NOT NULL DEFAULT 'invited',
    is_platform_admin     boolean      NOT NULL DEFAULT false,
    email_verified_at     timestamptz,
    mfa_enabled           boolean      NOT NULL DEFAULT false,
    failed_login_attempts integer      NOT NULL DEFAULT 0,
    locked_until          timestamptz,
    last_login_at         timestamptz,
    last_login_ip         inet,
    preferences           jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    deleted_at            timestamptz,
    CONSTRAINT users_tenant_email_key UNIQUE (tenant_id, email),
    CONSTRAINT users_email_format CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    CONSTRAINT users_failed_login_attempts_check CHECK (failed_login_attempts >= 0)
);

CREATE UNIQUE INDEX users_external_id_key ON users (external_id)
    WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX users_tenant_username_key ON users (tenant_id, lower(username))
    WHERE username IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX users_tenant_status_idx ON users (tenant_id, status)
    WHERE deleted_at IS NULL;
CREATE INDEX users_last_login_at_idx ON users (last_login_at);

COMMENT ON TABLE users IS 'Users, each owned by a home tenant.';
COMMENT ON COLUMN users.email IS 'Case-insensitive e-mail address, unique within the tenant.';
COMMENT ON COLUMN users.password_hash IS 'bcrypt/argon2 hash. NULL for users who only sign in through SSO.';

CREATE TABLE user_sessions (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   text        NOT NULL UNIQUE,
    ip_address   inet,
    user_agent   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    CONSTRAINT user_sessions_expiry_after_creation CHECK (expires_at > created_at)
);

CREATE INDEX user_sessions_user_active_idx ON user_sessions (user_id, expires_at)
    WHERE revoked_at IS NULL;
CREATE INDEX user_sessions_tenant_id_idx ON user_sessions (tenant_id);
