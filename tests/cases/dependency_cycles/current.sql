-- Cycles PostgreSQL allows, each broken the way PostgreSQL lets you: tables referencing each
-- other (the foreign keys after both tables), a default calling a function that returns the
-- table's row type (the table, the function, then SET DEFAULT), SQL functions whose bodies
-- read a table whose default calls them (bodies are not checked at creation).
CREATE TABLE seed (id int PRIMARY KEY);
