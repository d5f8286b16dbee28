INSERT INTO tenants SELECT g FROM generate_series(1, 10) g;
