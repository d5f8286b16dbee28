CREATE FUNCTION normalize_code(c text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT upper(c) $$;
CREATE FUNCTION is_valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(normalize_code(c)) = 8 $$;
CREATE FUNCTION new_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT upper(substr(md5(random()::text), 1, 8)) $$;
CREATE TABLE accounts (
  id int PRIMARY KEY,
  code text NOT NULL DEFAULT new_code() CHECK (is_valid_code(code)),
  owner text
);
CREATE INDEX accounts_code_norm ON accounts (normalize_code(code));
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON accounts USING (is_valid_code(code) AND owner = current_user);
