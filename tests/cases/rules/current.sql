-- Rules: kept when only spelled differently, replaced in place (CREATE OR REPLACE RULE, the
-- comment kept), disabled in place, dropped, created (on a view too); comments on rules.
CREATE TABLE users (id int PRIMARY KEY, email text, deleted boolean NOT NULL DEFAULT false);
CREATE TABLE audit (user_id int, what text);
CREATE RULE soft_delete AS ON DELETE TO users DO INSTEAD UPDATE users SET deleted = true WHERE id = old.id;
CREATE RULE log_update AS ON UPDATE TO users DO ALSO INSERT INTO audit VALUES (old.id, 'update');
CREATE RULE ignore_x AS ON INSERT TO audit WHERE new.what = 'x' DO INSTEAD NOTHING;
COMMENT ON RULE log_update ON users IS 'audit trail';
COMMENT ON RULE soft_delete ON users IS 'old';
CREATE VIEW active_users AS SELECT id, email FROM users WHERE NOT deleted;
