-- 020_types.sql
-- Enum types shared by the multi-tenant tables.

CREATE TYPE tenant_status AS ENUM ('active', 'suspended', 'deleted');

CREATE TYPE user_status AS ENUM ('invited', 'active', 'suspended', 'deactivated');

CREATE TYPE membership_status AS ENUM ('invited', 'active', 'left');

CREATE TYPE audit_actor_type AS ENUM ('user', 'api_key', 'system');
