-- Comments on the columns of views and materialized views (pg_description with the column's
-- number), changed, added and removed in place; an extension's comment, which CREATE EXTENSION
-- sets from its control file, managed once COMMENT ON EXTENSION says so.
CREATE EXTENSION citext;
COMMENT ON EXTENSION citext IS 'case-insensitive text, for emails';
CREATE EXTENSION pgcrypto;
COMMENT ON EXTENSION pgcrypto IS 'tokens';
CREATE TABLE members (id int PRIMARY KEY, email text NOT NULL, joined date);
CREATE VIEW member_emails AS SELECT id, email FROM members;
COMMENT ON COLUMN member_emails.email IS 'lower-cased by the application';
CREATE MATERIALIZED VIEW member_counts AS SELECT joined, count(*) AS n FROM members GROUP BY joined;
COMMENT ON COLUMN member_counts.n IS 'members who joined that day';
CREATE VIEW recent_members AS SELECT id, joined FROM members WHERE joined > DATE '2026-01-01';
COMMENT ON COLUMN recent_members.joined IS 'first login';
