CREATE SCHEMA app;
CREATE TABLE app.accounts (id serial PRIMARY KEY, email text);
CREATE FUNCTION app.account_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.accounts $$;
