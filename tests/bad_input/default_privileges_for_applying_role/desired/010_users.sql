-- schemasync runs as postgres in the tests: FOR ROLE names the applying role.
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
CREATE TABLE app.users (id int PRIMARY KEY);
