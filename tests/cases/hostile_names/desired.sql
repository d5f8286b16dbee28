-- Names and literals that break naive quoting: quotes, spaces, dots, unicode, reserved words
-- and injection attempts, in schemas, tables, columns, constraints, indexes, policies, comments,
-- defaults, views, functions, triggers, enums and sequences. All must plan, apply, converge and
-- reverse.
CREATE SCHEMA "we""ird schema";
CREATE SCHEMA "Order";
CREATE TYPE "Order"."stat us" AS ENUM ('it''s', 'a"b', 'c\d', '☃');
CREATE SEQUENCE "Order"."seq; DROP" START 5;
CREATE TABLE "we""ird schema"."x""; DROP TABLE foobar; --" (
  "select" int PRIMARY KEY,
  "a.b" text DEFAULT 'it''s; DROP TABLE x; --' NOT NULL,
  "Ünïcødé ☃" text COLLATE "C",
  "user" "Order"."stat us" DEFAULT 'a"b',
  "n" bigint DEFAULT nextval('"Order"."seq; DROP"'),
  CONSTRAINT "chk""; --" CHECK ("a.b" <> E'\\'),
  CONSTRAINT "uq spaced" UNIQUE ("Ünïcødé ☃")
);
CREATE TABLE "Order"."table" (
  "id" int PRIMARY KEY,
  "from" int REFERENCES "we""ird schema"."x""; DROP TABLE foobar; --" ("select") ON DELETE CASCADE
);
CREATE INDEX "idx ""quoted"" name" ON "we""ird schema"."x""; DROP TABLE foobar; --" (lower("a.b")) WHERE "select" > 0;
ALTER TABLE "Order"."table" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "p'olicy; --" ON "Order"."table" USING ("from" IS NOT NULL AND current_setting('app.x''y', true) IS NULL);
COMMENT ON SCHEMA "we""ird schema" IS 'a schema''s comment; DROP SCHEMA x; --';
COMMENT ON TABLE "we""ird schema"."x""; DROP TABLE foobar; --" IS E'line one\nline two \\ back''slash';
COMMENT ON COLUMN "we""ird schema"."x""; DROP TABLE foobar; --"."Ünïcødé ☃" IS '☃ snowman';
CREATE VIEW "Order"."v w" AS SELECT "select" AS "as", "a.b" FROM "we""ird schema"."x""; DROP TABLE foobar; --";
CREATE FUNCTION "Order"."f""n"("in put" text) RETURNS text LANGUAGE sql AS $$ SELECT 'q''uote: ' || "in put" $$;
CREATE FUNCTION "Order"."tg fn"() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN RETURN NEW; END $body$;
CREATE TRIGGER "tr; --" BEFORE INSERT ON "Order"."table" FOR EACH ROW EXECUTE FUNCTION "Order"."tg fn"();
GRANT SELECT ("a.b") ON "we""ird schema"."x""; DROP TABLE foobar; --" TO PUBLIC;
