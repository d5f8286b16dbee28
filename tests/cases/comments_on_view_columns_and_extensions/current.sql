CREATE EXTENSION citext;
CREATE TABLE members (id int PRIMARY KEY, email text NOT NULL, joined date);
CREATE VIEW member_emails AS SELECT id, email FROM members;
COMMENT ON COLUMN member_emails.email IS 'as typed';
COMMENT ON COLUMN member_emails.id IS 'gone soon';
CREATE MATERIALIZED VIEW member_counts AS SELECT joined, count(*) AS n FROM members GROUP BY joined;
