CREATE TABLE users (id int PRIMARY KEY, email text, deleted boolean NOT NULL DEFAULT false);
CREATE TABLE audit (user_id int, what text);
CREATE RULE soft_delete AS ON DELETE TO public.users
  DO INSTEAD UPDATE public.users SET deleted = TRUE WHERE users.id = OLD.id;
ALTER TABLE users DISABLE RULE soft_delete;
COMMENT ON RULE soft_delete ON users IS 'new';
CREATE OR REPLACE RULE log_update AS ON UPDATE TO users WHERE old.email IS DISTINCT FROM new.email
  DO ALSO (INSERT INTO audit (user_id, what) VALUES (old.id, 'email'); INSERT INTO audit VALUES (new.id, 'new email'));
COMMENT ON RULE log_update ON users IS 'audit trail';
CREATE VIEW active_users AS SELECT id, email FROM users WHERE NOT deleted;
CREATE RULE active_users_delete AS ON DELETE TO active_users DO INSTEAD DELETE FROM users WHERE id = old.id;
