CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
DO $$ BEGIN PERFORM 1; END $$;
