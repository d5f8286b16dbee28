CREATE TABLE tenants (id int PRIMARY KEY);
CREATE TABLE projects (
    id        int PRIMARY KEY,
    tenant_id int NOT NULL REFERENCES tenants (id)
);
CREATE TABLE tasks (
    id         int PRIMARY KEY,
    tenant_id  int NOT NULL,
    project_id int NOT NULL REFERENCES projects (id)
);
