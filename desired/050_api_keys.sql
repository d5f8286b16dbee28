-- 050_api_keys.sql
-- API keys for programmatic access. Only a hash of the secret is stored,
-- plus a short public prefix used to look the key up and show it in the UI.

CREATE TABLE api_keys (
    id                  uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id           uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id             uuid         REFERENCES users (id) ON DELETE CASCADE,
    created_by          uuid         REFERENCES users (id) ON DELETE SET NULL,
    name                varchar(255) NOT NULL,
    description         text,
    key_prefix          varchar(16)  NOT NULL,
    key_hash            text         NOT NULL,
    scopes              text[]       NOT NULL DEFAULT '{}',
    rate_limit_per_hour integer      NOT NULL DEFAULT 1000,
    expires_at          timestamptz,
    last_used_at        timestamptz,
    last_used_ip        inet,
    usage_count         bigint       NOT NULL DEFAULT 0,
    revoked             boolean      NOT NULL DEFAULT false,
    revoked_at          timestamptz,
    revoked_reason      text,
    created_at          timestamptz  NOT NULL DEFAULT now(),
    updated_at          timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_key_prefix_key UNIQUE (key_prefix),
    CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash),
    CONSTRAINT api_keys_key_prefix_format CHECK (key_prefix ~ '^[A-Za-z0-9_]{6,16}$'),
    CONSTRAINT api_keys_key_hash_sha256 CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT api_keys_rate_limit_positive CHECK (rate_limit_per_hour > 0),
    CONSTRAINT api_keys_revoked_has_timestamp CHECK (NOT revoked OR revoked_at IS NOT NULL),
    CONSTRAINT api_keys_expiry_after_creation CHECK (expires_at IS NULL OR expires_at > created_at)
);

CREATE INDEX api_keys_tenant_created_at_idx ON api_keys (tenant_id, created_at);
CREATE INDEX api_keys_user_id_idx ON api_keys (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX api_keys_active_expires_at_idx ON api_keys (expires_at) WHERE NOT revoked;
CREATE INDEX api_keys_scopes_idx ON api_keys USING gin (scopes);

COMMENT ON TABLE api_keys IS 'API keys. user_id NULL means a tenant-level service key.';
COMMENT ON COLUMN api_keys.key_prefix IS 'Public, non-secret first characters of the key, used for lookup.';
COMMENT ON COLUMN api_keys.key_hash IS 'Hex SHA-256 of the full secret key. The secret itself is never stored.';
COMMENT ON COLUMN api_keys.scopes IS 'Granted scopes, e.g. events:read or events:write.';
