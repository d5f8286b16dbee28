CREATE DOMAIN email AS text NOT NULL CONSTRAINT email_shape CHECK (VALUE LIKE '%_@_%');
COMMENT ON DOMAIN email IS 'an address with an @';
CREATE DOMAIN cents AS bigint DEFAULT 100 CONSTRAINT cents_non_negative CHECK (VALUE >= 0)
  CONSTRAINT cents_limit CHECK (VALUE < 100000000);
CREATE DOMAIN label AS varchar(40);
CREATE DOMAIN country AS char(2) CHECK (VALUE = upper(VALUE));
CREATE TABLE users (id int PRIMARY KEY, email email NOT NULL, balance cents, country country, tags label[]);
