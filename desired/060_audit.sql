-- 060_audit.sql
-- Administrative audit log: append-only record of who did what.
-- tenant_id is NULL for platform-level actions.

CREATE TABLE admin_audit_log (
    id               bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        uuid             REFERENCES tenants (id) ON DELETE SET NULL,
    actor_type       audit_actor_type NOT NULL DEFAULT 'user',
    actor_user_id    uuid             REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id uuid             REFERENCES api_keys (id) ON DELETE SET NULL,
    action           varchar(100)     NOT NULL,
    resource_type    varchar(100)     NOT NULL,
    resource_id      text,
    changes          jsonb            NOT NULL DEFAULT '{}'::jsonb,
    ip_address       inet,
    user_agent       text,
    request_id       uuid,
    occurred_at      timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT admin_audit_log_action_not_blank CHECK (length(btrim(action)) > 0)
);

CREATE INDEX admin_audit_log_tenant_occurred_at_idx ON admin_audit_log (tenant_id, occurred_at);
CREATE INDEX admin_audit_log_actor_user_id_idx ON admin_audit_log (actor_user_id)
    WHERE actor_user_id IS NOT NULL;
CREATE INDEX admin_audit_log_action_idx ON admin_audit_log (action);
CREATE INDEX admin_audit_log_resource_idx ON admin_audit_log (resource_type, resource_id);

COMMENT ON TABLE admin_audit_log IS 'Append-only audit trail of administrative actions.';
COMMENT ON COLUMN admin_audit_log.changes IS 'Before/after values of the changed fields.';
