CREATE TABLE users (id serial PRIMARY KEY, email text);
CREATE TABLE scratch (id serial PRIMARY KEY, note text);
CREATE INDEX scratch_note ON scratch (note);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER scratch_touch BEFORE UPDATE ON scratch FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW user_emails AS SELECT email FROM users;
CREATE TYPE mood AS ENUM ('ok');
CREATE INDEX users_email ON users (email);
-- A procedure whose body names a table dropped below (bodies are not dependencies).
CREATE PROCEDURE add_scratch() LANGUAGE sql AS $$ INSERT INTO scratch DEFAULT VALUES $$;
DROP VIEW user_emails;
DROP TRIGGER scratch_touch ON scratch;
DROP TABLE scratch;
DROP FUNCTION touch();
DROP TYPE mood;
DROP INDEX IF EXISTS users_email, no_such_index;
DROP TABLE IF EXISTS audit;
