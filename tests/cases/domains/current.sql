-- Domains: created before the tables using them, dropped after; default, NOT NULL and CHECKs
-- changed in place with ALTER DOMAIN; a domain no column uses rebuilt for a new base type.
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
CREATE DOMAIN cents AS bigint DEFAULT 0 CONSTRAINT cents_non_negative CHECK (VALUE >= 0);
CREATE DOMAIN retired AS int;
CREATE DOMAIN label AS varchar(20);
CREATE TABLE users (id int PRIMARY KEY, email email NOT NULL, balance cents, tag retired);
