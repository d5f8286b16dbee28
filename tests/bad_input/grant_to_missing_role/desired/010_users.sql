CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
GRANT SELECT ON users TO reporting_ro;
