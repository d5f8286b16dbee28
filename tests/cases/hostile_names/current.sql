CREATE SCHEMA "we""ird schema";
CREATE TABLE "we""ird schema"."x""; DROP TABLE foobar; --" (
  "select" int PRIMARY KEY,
  "a.b" text DEFAULT 'it''s; DROP TABLE x; --',
  "Ünïcødé ☃" text
);
