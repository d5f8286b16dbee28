-- Desired files that carry a history: objects created and later dropped are not part of the
-- schema (as psql leaves it), with what goes with them (indexes, triggers, owned sequences).
CREATE TABLE users (id serial PRIMARY KEY, email text);
CREATE TABLE audit (id int);
