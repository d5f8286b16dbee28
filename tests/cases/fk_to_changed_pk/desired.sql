CREATE TABLE tenants (id int PRIMARY KEY);
CREATE TABLE projects (
    id        int NOT NULL,
    tenant_id int NOT NULL REFERENCES tenants (id),
    PRIMARY KEY (tenant_id, id)
);
CREATE TABLE tasks (
    id         int PRIMARY KEY,
    tenant_id  int NOT NULL,
    project_id int NOT NULL,
    FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id) ON DELETE CASCADE
);
