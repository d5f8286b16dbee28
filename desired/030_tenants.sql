-- 030_tenants.sql
-- Tenants (organizations): the root of the multi-tenant hierarchy.
-- Every tenant-scoped row references tenants.id through a tenant_id column.

CREATE TABLE tenants (
    id                      uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                    varchar(100) NOT NULL UNIQUE,
    name                    varchar(255) NOT NULL,
    display_name            varchar(255),
    domain                  varchar(255),
    external_group_id       varchar(255) UNIQUE,
    status                  tenant_status NOT NULL DEFAULT 'active',
    subscription_tier       varchar(50)  NOT NULL DEFAULT 'free',
    subscription_expires_at timestamptz,
    settings                jsonb        NOT NULL DEFAULT '{}'::jsonb,
    metadata                jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    deleted_at              timestamptz,
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    CONSTRAINT tenants_name_not_blank CHECK (length(btrim(name)) > 0),
    CONSTRAINT tenants_subscription_tier_check
        CHECK (subscription_tier IN ('free', 'pro', 'enterprise')),
    CONSTRAINT tenants_deleted_consistent
        CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))
);

CREATE UNIQUE INDEX tenants_domain_key ON tenants (lower(domain))
    WHERE domain IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX tenants_status_idx ON tenants (status);
CREATE INDEX tenants_created_at_idx ON tenants (created_at);

COMMENT ON TABLE tenants IS 'Tenants (customer organizations). Root of tenant isolation.';
COMMENT ON COLUMN tenants.slug IS 'URL-friendly unique identifier, lowercase letters, digits and dashes.';
COMMENT ON COLUMN tenants.external_group_id IS 'Identity provider group id (e.g. Keycloak group) mapped to this tenant.';
