// DDL loaded by psql and the same DDL parsed must give the same model: PostgreSQL itself checks
// the parser's default names, type spellings and expression normalization.
#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "integration/pg_fixture.h"
#include "schemasync/catalog.h"
#include "schemasync/parse.h"
#include "schemasync/pipeline.h"
#include "schemasync/plan.h"
#include "schemasync/render.h"

namespace schemasync {
namespace {

using pgtest::ScratchDb;

struct Snippet {
  const char* name;
  const char* sql;
};

void PrintTo(const Snippet& s, std::ostream* os) { *os << s.name; }

// "table.constraint" for every constraint and "index" for every index, sorted.
std::vector<std::string> ObjectNames(const Schema& s) {
  std::vector<std::string> out;
  for (const auto& [qn, t] : s.tables) {
    out.push_back("table " + qn.Display());
    for (const auto& [name, c] : t.constraints) out.push_back("constraint " + qn.Display() + "." + name);
    for (const auto& c : t.columns) {
      out.push_back("column " + qn.Display() + "." + c.name + " " + c.type + (c.not_null ? " not null" : "") +
                    (c.serial_sequence.empty() ? "" : " serial " + c.serial_sequence));
    }
  }
  for (const auto& [qn, ix] : s.indexes) out.push_back("index " + qn.Display());
  std::sort(out.begin(), out.end());
  return out;
}

class RoundTripTest : public ::testing::TestWithParam<Snippet> {};

std::string SnippetName(const ::testing::TestParamInfo<Snippet>& info) { return info.param.name; }

TEST_P(RoundTripTest, ParsedEqualsIntrospected) {
  if (!pgtest::HaveServer()) GTEST_SKIP() << "PGHOST is not set: run under scripts/with-postgres.sh";
  ScratchDb db(GetParam().name);
  ASSERT_TRUE(db.ok()) << db.error();
  auto load = db.LoadSql(GetParam().sql);
  ASSERT_EQ(load.status, 0) << load.err;
  auto conn = db.Connect();
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto live = Introspect(*conn);
  ASSERT_TRUE(live.ok()) << live.error().message;
  auto desired = ParseDesired(GetParam().sql, "snippet.sql");
  ASSERT_TRUE(desired.ok()) << desired.error().message;
  EXPECT_EQ(ObjectNames(*desired), ObjectNames(*live));
  auto planned = PlanDatabase(*conn, *desired);
  ASSERT_TRUE(planned.ok()) << planned.error().message;
  EXPECT_TRUE(planned->plan.empty()) << Render(planned->plan, Format::kSql);
  // In sync, both sides have one fingerprint.
  EXPECT_EQ(planned->source_fingerprint, planned->target_fingerprint);
}

INSTANTIATE_TEST_SUITE_P(
    Snippets, RoundTripTest,
    ::testing::Values(
        Snippet{"types",
                "CREATE TABLE t (a int, b integer, c int4, d varchar(20), e timestamptz, "
                "f timestamp(3) with time zone, g bool, h text[], i numeric(10,2), j int8, k float8, "
                "l double precision, m real, n char(3), o bit varying(5), p time(2), q interval, "
                "q2 interval day to second(3), q3 interval[], r bytea, "
                "s jsonb, u uuid, v inet, w smallint[], x timestamp);"},
        Snippet{"serial", "CREATE TABLE t (id serial PRIMARY KEY, b bigserial, s smallserial);"},
        Snippet{"default_names",
                "CREATE TABLE p (id int PRIMARY KEY, a int, b int, UNIQUE (a, b));"
                "CREATE TABLE t (id int, bb int REFERENCES p (id), price numeric CHECK (price > 0), "
                "lo int, hi int, email text, CHECK (lo < hi), CHECK (hi > 0), PRIMARY KEY (id));"
                "CREATE INDEX ON t (lo); CREATE INDEX ON t (lower(email)); CREATE INDEX ON t (lo);"
                "CREATE UNIQUE INDEX ON t (lo, hi);"},
        Snippet{"long_names",
                "CREATE TABLE a_table_name_that_is_seventy_characters_long_xxxxxxxxxxxxxxxxxxxxxxxxx "
                "(id serial PRIMARY KEY, a_column_whose_name_is_also_rather_long int UNIQUE, "
                "c int CHECK (c > 0));"
                "CREATE INDEX ON a_table_name_that_is_seventy_characters_long_xxxxxxxxxxxxxxxxxxxxxxxxx (c);"},
        Snippet{"check_expressions",
                "CREATE TYPE order_status AS ENUM ('pending', 'paid');"
                "CREATE TABLE t (price numeric CHECK (price > 0), status varchar(10) CHECK (status IN ('a','b')), "
                "email text CHECK (email LIKE '%@%'), st order_status NOT NULL DEFAULT 'pending', n int DEFAULT -1, "
                "a int, b int, c int, tenant_id uuid, created_at timestamptz DEFAULT now(), "
                "CONSTRAINT three CHECK ((a > 1) AND (b > 2) AND (c > 3)), "
                "CONSTRAINT tenant CHECK (tenant_id = current_setting('app.current_tenant_id', true)::uuid));"},
        Snippet{"more_expressions",
                "CREATE TABLE t (a int CHECK (a >= 1 AND a <= 10), b int, c text CHECK (c ~* '^x'), "
                "d jsonb CHECK (jsonb_typeof(d) = 'object'), e numeric CHECK (e > 0.5), f text[] DEFAULT '{}', "
                "g timestamptz DEFAULT CURRENT_TIMESTAMP, h boolean DEFAULT true, i varchar(5) DEFAULT 'x', "
                "j date DEFAULT CURRENT_DATE, k text DEFAULT current_user, l int DEFAULT (1 + 2) * 3, "
                "CHECK (a IS DISTINCT FROM b), CHECK (coalesce(b, 0) >= 0), "
                "CHECK (CASE WHEN a > 5 THEN b IS NOT NULL ELSE true END), CHECK (NOT (a = 1 AND b = 1)), "
                "CHECK (length(btrim(c)) > 0), CHECK (b = ANY (ARRAY[1, 2, 3])), CHECK (i <> ''));"},
        Snippet{"interval_expressions",
                "CREATE TABLE t (ts timestamptz DEFAULT now() + interval '1 day', "
                "d interval DEFAULT '1 day', CHECK (d < interval '30 days'));"},
        Snippet{"indexes",
                "CREATE TABLE t (a int, b text, d jsonb, ts timestamptz);"
                "CREATE UNIQUE INDEX t_u ON t (a) WHERE b IS NOT NULL;"
                "CREATE INDEX t_desc ON t (ts DESC NULLS LAST, a);"
                "CREATE INDEX t_incl ON t (a) INCLUDE (b);"
                "CREATE INDEX t_gin ON t USING gin (d jsonb_path_ops);"
                "CREATE INDEX t_expr ON t ((lower(b) || 'x'));"},
        Snippet{"policies",
                "CREATE TABLE t (tenant_id uuid, owner text);"
                "ALTER TABLE t ENABLE ROW LEVEL SECURITY; ALTER TABLE t FORCE ROW LEVEL SECURITY;"
                "CREATE POLICY p1 ON t USING (tenant_id = current_setting('app.t', true)::uuid);"
                "CREATE POLICY p2 ON t AS RESTRICTIVE FOR SELECT USING (owner = current_user);"
                "CREATE POLICY p3 ON t FOR INSERT WITH CHECK (owner IS NOT NULL);"
                "CREATE POLICY p4 ON t FOR UPDATE USING (true) WITH CHECK (owner <> '');"},
        Snippet{"identity_generated",
                "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                "n int GENERATED BY DEFAULT AS IDENTITY, a numeric, b numeric GENERATED ALWAYS AS (a * 2) STORED);"},
        Snippet{"identity_sequence_options",
                "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY (START WITH 7 INCREMENT BY 3 CACHE 10 CYCLE), "
                "b smallint GENERATED BY DEFAULT AS IDENTITY (MINVALUE -5 MAXVALUE 50), "
                "c bigint GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -2 SEQUENCE NAME t_c_seq), "
                "d int NOT NULL, e int GENERATED ALWAYS AS IDENTITY, f int GENERATED ALWAYS AS IDENTITY);"
                // pg_dump's way (ADD GENERATED), and ALTER COLUMN SET on an identity
                "ALTER TABLE t ALTER COLUMN d ADD GENERATED ALWAYS AS IDENTITY (START WITH 100 MAXVALUE 1000);"
                "ALTER TABLE t ALTER COLUMN e SET GENERATED BY DEFAULT SET INCREMENT BY 5 SET NO CYCLE RESTART;"
                "ALTER TABLE t ALTER COLUMN f DROP IDENTITY;"},
        Snippet{"foreign_keys",
                "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);"
                "CREATE TABLE c (id int, pid int REFERENCES p ON DELETE CASCADE, "
                "code text REFERENCES p (code) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED, "
                "x int, y int, FOREIGN KEY (x) REFERENCES p (id) MATCH FULL ON DELETE SET DEFAULT DEFERRABLE);"},
        Snippet{"exclude",
                "CREATE TABLE t (a int, b int, CONSTRAINT no_overlap EXCLUDE USING btree (a WITH =) WHERE (b > 0));"},
        Snippet{"second_schema",
                "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('ok', 'sad');"
                "CREATE TABLE app.t (id int PRIMARY KEY, m app.mood DEFAULT 'ok');"
                "CREATE TABLE public.u (id int REFERENCES app.t, m app.mood);"
                "CREATE INDEX ON app.t (m);"
                "COMMENT ON TABLE app.t IS 'in app'; COMMENT ON COLUMN app.t.m IS 'mood';"},
        Snippet{"views",
                "CREATE TABLE t (id int PRIMARY KEY, a text, b int);"
                "CREATE VIEW v AS SELECT id, upper(a) AS a FROM t WHERE b > 0;"
                "CREATE VIEW w AS SELECT * FROM v;"},
        Snippet{"domains",
                "CREATE SCHEMA app;"
                "CREATE DOMAIN app.email AS text COLLATE \"C\" NOT NULL CHECK (VALUE ~ '^[^@]+@[^@]+$');"
                "CREATE DOMAIN positive AS numeric(12, 2) DEFAULT 0 CONSTRAINT positive_ok CHECK (VALUE >= 0) CHECK (VALUE < 1000000);"
                "CREATE DOMAIN small_positive AS positive CHECK (VALUE < 100);"
                "CREATE DOMAIN code AS varchar(8); ALTER DOMAIN code ADD CONSTRAINT code_upper CHECK (VALUE = upper(VALUE));"
                "ALTER DOMAIN code SET DEFAULT 'X'; ALTER DOMAIN code SET NOT NULL; ALTER DOMAIN code DROP NOT NULL;"
                "COMMENT ON DOMAIN positive IS 'money';"
                "CREATE TABLE t (id int, e app.email, p positive, s small_positive[], c code);"},
        Snippet{"composite_types",
                "CREATE SCHEMA geo; CREATE TYPE geo.point2 AS (x double precision, y double precision);"
                "CREATE TYPE address AS (street text COLLATE \"C\", zip varchar(10), at geo.point2, tags text[]);"
                "ALTER TYPE address ADD ATTRIBUTE country char(2); ALTER TYPE address DROP ATTRIBUTE tags;"
                "ALTER TYPE address ALTER ATTRIBUTE zip TYPE varchar(12);"
                "COMMENT ON TYPE address IS 'postal';"
                "CREATE TABLE t (id int, home address, stops geo.point2[]);"
                "CREATE FUNCTION city(a address) RETURNS text LANGUAGE sql AS 'SELECT a.street';"},
        // Options as pg_range holds them: default operator class and collation left out, the
        // multirange named by PostgreSQL's rule ("range" made "multirange", else "_multirange").
        Snippet{"range_types",
                "CREATE SCHEMA geo; CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);"
                "CREATE TYPE geo.span AS RANGE (SUBTYPE = pg_catalog.int4, SUBTYPE_OPCLASS = int4_ops);"
                "CREATE TYPE words AS RANGE (subtype = text, collation = \"C\", multirange_type_name = geo.word_sets);"
                "CREATE TYPE textrange AS RANGE (subtype = varchar(10));"
                "COMMENT ON TYPE floatrange IS 'measures'; REVOKE USAGE ON TYPE words FROM PUBLIC;"
                "CREATE TABLE t (a floatrange, b floatmultirange[], c geo.span_multirange, d geo.word_sets, e textmultirange);"},
        // Aggregates as pg_aggregate holds them: options at their default (FINALFUNC_MODIFY, SSPACE,
        // PARALLEL UNSAFE) compare equal to none, support functions as pg_dump qualifies them or
        // bare, type modifiers dropped, BASETYPE = ANY for no argument, ordered-set spellings.
        Snippet{"aggregates",
                "CREATE SCHEMA s; CREATE FUNCTION s.step(a numeric, b integer) RETURNS numeric LANGUAGE sql AS 'SELECT a + b';"
                "CREATE FUNCTION fin(numeric) RETURNS text LANGUAGE sql AS 'SELECT $1::text';"
                "CREATE FUNCTION s.len(a integer, b varchar) RETURNS integer LANGUAGE sql AS 'SELECT a + length(b)';"
                "CREATE AGGREGATE s.lens(varchar(10)) (SFUNC = s.len, STYPE = int4, INITCOND = '0');"
                "CREATE AGGREGATE s.total(x integer) (SFUNC = s.step, STYPE = numeric(10,2), SSPACE = 0,"
                " FINALFUNC = public.fin, FINALFUNC_MODIFY = READ_ONLY, INITCOND = 0, parallel = unsafe);"
                "CREATE AGGREGATE anything (BASETYPE = ANY, SFUNC = pg_catalog.int8inc, STYPE = int8, INITCOND = '0');"
                "CREATE AGGREGATE biggest(int4) (SFUNC = int4larger, STYPE = int4, SORTOP = OPERATOR(pg_catalog.>), PARALLEL = safe);"
                "CREATE AGGREGATE pct(float8 ORDER BY anyelement) (SFUNC = ordered_set_transition, STYPE = internal,"
                " FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA, FINALFUNC_MODIFY = READ_WRITE);"
                "CREATE AGGREGATE r(VARIADIC \"any\" ORDER BY VARIADIC \"any\") (SFUNC = ordered_set_transition_multi,"
                " STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);"
                "CREATE AGGREGATE m(int) (SFUNC = int4pl, STYPE = int4, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int4,"
                " MINITCOND = '0', COMBINEFUNC = int4pl);"
                "COMMENT ON AGGREGATE pct(float8 ORDER BY anyelement) IS 'median-ish';"
                "REVOKE EXECUTE ON FUNCTION biggest(integer) FROM PUBLIC;"
                "CREATE TABLE t (v int); CREATE VIEW w AS SELECT biggest(v), anything(*) FROM t;"},
        // pg_get_ruledef qualifies the table, adds the INSERT's column list and casts: the desired
        // rule is compiled by the server on a copy of its table to compare in that spelling.
        Snippet{"rules",
                "CREATE TABLE t (id int PRIMARY KEY, a text); CREATE TABLE log (id int, what varchar(10));"
                "CREATE VIEW v AS SELECT id, a FROM t;"
                "CREATE RULE r1 AS ON INSERT TO t WHERE NEW.a <> 'x' DO ALSO INSERT INTO log VALUES (NEW.id, 'ins');"
                "CREATE RULE r2 AS ON DELETE TO public.t DO INSTEAD NOTHING;"
                "CREATE RULE r3 AS ON UPDATE TO t DO (INSERT INTO log (id) VALUES (old.id); NOTIFY t);"
                "CREATE RULE v_ins AS ON INSERT TO v DO INSTEAD INSERT INTO t VALUES (new.id, new.a) RETURNING t.*;"
                "ALTER TABLE t DISABLE RULE r3; COMMENT ON RULE r2 ON t IS 'keep rows';"},
        Snippet{"event_triggers",
                "CREATE FUNCTION f() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;"
                "CREATE EVENT TRIGGER e1 ON ddl_command_start WHEN TAG IN ('drop table', 'CREATE TABLE') EXECUTE PROCEDURE f();"
                "CREATE EVENT TRIGGER e2 ON sql_drop EXECUTE FUNCTION public.f(); ALTER EVENT TRIGGER e2 ENABLE ALWAYS;"
                "COMMENT ON EVENT TRIGGER e1 IS 'guard';"},
        // pg_get_expr prints the row filter with its casts; prattrs holds the column list sorted.
        Snippet{"publications",
                "CREATE SCHEMA s; CREATE TABLE t (id int PRIMARY KEY, a text, n numeric, at timestamptz);"
                "CREATE TABLE s.x (id int); CREATE TABLE u (id int);"
                "CREATE PUBLICATION p1 FOR TABLE t (n, id, a) WHERE (a <> 'x' AND n > 1.5 AND at > '2020-01-01'), TABLE u "
                "WITH (publish = 'update, insert', publish_via_partition_root = 1);"
                "CREATE PUBLICATION p2 FOR TABLES IN SCHEMA s, TABLE t WHERE (a IN ('a', 'b') OR id IS NULL);"
                "CREATE PUBLICATION p3 FOR ALL TABLES WITH (publish = ''); COMMENT ON PUBLICATION p3 IS 'everything';"},
        Snippet{"foreign_data",
                "CREATE FOREIGN DATA WRAPPER w OPTIONS (a '1'); CREATE FOREIGN DATA WRAPPER v VALIDATOR postgresql_fdw_validator;"
                "CREATE SERVER s TYPE 'x' VERSION '1' FOREIGN DATA WRAPPER w OPTIONS (host 'h', \"Odd Name\" 'it''s');"
                "CREATE USER MAPPING FOR PUBLIC SERVER s OPTIONS (user 'u'); CREATE USER MAPPING FOR CURRENT_USER SERVER s;"
                "CREATE FOREIGN TABLE ft (id int OPTIONS (column_name 'ID') NOT NULL, n numeric(8,2) DEFAULT 0, "
                "t text COLLATE \"C\", CONSTRAINT n_ok CHECK (n > 0)) SERVER s OPTIONS (table_name 'remote');"
                "CREATE VIEW fv AS SELECT id, n FROM ft; COMMENT ON FOREIGN TABLE ft IS 'remote';"
                "COMMENT ON COLUMN ft.t IS 'text'; COMMENT ON SERVER s IS 'srv'; COMMENT ON FOREIGN DATA WRAPPER w IS 'wr';"},
        Snippet{"checks_with_implicit_casts",
                "CREATE TABLE t (name varchar(40), score double precision, n smallint, at timestamptz, "
                "CONSTRAINT name_short CHECK (length(name) < score), CONSTRAINT n_small CHECK (n + 1 < 2.5 * n), "
                "CONSTRAINT recent CHECK (at > '2020-01-01' AND date_part('year', at) < n));"},
        Snippet{"pg_dump_settings",
                "SET statement_timeout = 0; SET lock_timeout = 0; SET client_encoding = 'UTF8';"
                "SET standard_conforming_strings = on; SELECT pg_catalog.set_config('search_path', '', false);"
                "SET check_function_bodies = false; SET xmloption = content; SET client_min_messages = warning;"
                "SET row_security = off; SET default_tablespace = ''; SET default_table_access_method = heap;"
                "CREATE TABLE public.t (id integer NOT NULL, note text);"
                "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);"
                "SET search_path = public, pg_catalog; CREATE INDEX t_note ON t (note);"},
        Snippet{"comments_on_more_objects",
                "CREATE TABLE t (id int CONSTRAINT t_pk PRIMARY KEY, n int CHECK (n > 0));"
                "CREATE SEQUENCE s; COMMENT ON SEQUENCE s IS 'numbers';"
                "COMMENT ON CONSTRAINT t_pk ON t IS 'the key'; COMMENT ON CONSTRAINT t_n_check ON public.t IS 'positive';"
                "ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY mine ON t USING (n > 1);"
                "COMMENT ON POLICY mine ON t IS 'rows of mine';"
                "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
                "CREATE TRIGGER t_f BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();"
                "COMMENT ON TRIGGER t_f ON t IS 'before insert';"},
        Snippet{"enum_alterations",
                "CREATE TYPE status AS ENUM ('new', 'done');"
                "ALTER TYPE status ADD VALUE 'started' BEFORE 'done'; ALTER TYPE status ADD VALUE 'archived';"
                "ALTER TYPE status ADD VALUE IF NOT EXISTS 'new'; ALTER TYPE status ADD VALUE 'draft' AFTER 'new';"
                "ALTER TYPE status RENAME VALUE 'done' TO 'finished';"
                "CREATE TABLE t (s status);"},
        Snippet{"create_table_like",
                "CREATE TABLE base (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 10) PRIMARY KEY, "
                "code text NOT NULL DEFAULT 'x' CONSTRAINT code_short CHECK (length(code) < 9), n int, "
                "twice int GENERATED ALWAYS AS (n * 2) STORED, UNIQUE (code, n));"
                "CREATE TABLE copy_all (LIKE base INCLUDING ALL, extra text);"
                "CREATE TABLE copy_plain (LIKE base);"
                "CREATE TABLE copy_some (note text, LIKE base INCLUDING DEFAULTS INCLUDING CONSTRAINTS);"},
        Snippet{"view_options",
                "CREATE TABLE t (id int PRIMARY KEY, a text, b int);"
                "CREATE VIEW v1 WITH (security_barrier) AS SELECT id, a FROM t WHERE b > 0 WITH LOCAL CHECK OPTION;"
                "CREATE VIEW v2 (ident, label) WITH (security_invoker = true) AS SELECT id, a FROM t WITH CHECK OPTION;"
                "CREATE VIEW v3 WITH (check_option = local, security_barrier = false) AS SELECT * FROM v1;"
                "CREATE MATERIALIZED VIEW m1 (ident, total) WITH (fillfactor = 70, autovacuum_enabled = false) AS "
                "SELECT id, sum(b) FROM t GROUP BY id WITH NO DATA;"
                "CREATE MATERIALIZED VIEW m2 AS SELECT a FROM t WITH DATA;"},
        Snippet{"sequences",
                "CREATE SEQUENCE s1; CREATE SEQUENCE s2 AS integer START 10 INCREMENT 5 MAXVALUE 1000 CYCLE;"
                "CREATE TABLE t (id bigint PRIMARY KEY DEFAULT nextval('s1'), n int DEFAULT nextval('s2'::regclass));"},
        Snippet{"functions_triggers",
                "CREATE TABLE t (id int PRIMARY KEY, updated_at timestamptz);"
                "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); "
                "RETURN NEW; END $$;"
                "CREATE FUNCTION add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';"
                "CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"},
        Snippet{"constraint_triggers",
                "CREATE TABLE t (id int PRIMARY KEY, n int);"
                "CREATE FUNCTION check_n() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"
                "CREATE CONSTRAINT TRIGGER t_n AFTER INSERT OR UPDATE OF n ON t DEFERRABLE INITIALLY DEFERRED "
                "FOR EACH ROW EXECUTE FUNCTION check_n();"
                "CREATE CONSTRAINT TRIGGER t_n2 AFTER DELETE ON t NOT DEFERRABLE INITIALLY IMMEDIATE "
                "FOR EACH ROW WHEN (OLD.n > 0) EXECUTE PROCEDURE check_n();"
                "CREATE CONSTRAINT TRIGGER t_n3 AFTER UPDATE ON t DEFERRABLE FOR EACH ROW EXECUTE FUNCTION check_n();"},
        Snippet{"grants",
                "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t; CREATE SEQUENCE s;"
                "GRANT SELECT, INSERT ON t TO PUBLIC; GRANT SELECT ON v TO PUBLIC;"
                "GRANT USAGE ON SEQUENCE s TO PUBLIC;"},
        // Each in the order psql runs it: ALL ... IN SCHEMA reaches what exists by then, default
        // privileges what is created after them.
        Snippet{"grants_on_all_in_schema",
                "CREATE SCHEMA app; CREATE TABLE app.t (id serial); CREATE VIEW app.v AS SELECT id FROM app.t;"
                "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
                "GRANT SELECT ON ALL TABLES IN SCHEMA app TO PUBLIC; GRANT USAGE ON ALL SEQUENCES IN SCHEMA app TO PUBLIC;"
                "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC; CREATE TABLE app.later (id int);"},
        Snippet{"type_privileges",
                "CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS int; CREATE TYPE c AS (x int);"
                "REVOKE USAGE ON TYPE e FROM PUBLIC; REVOKE ALL ON DOMAIN d FROM PUBLIC; GRANT USAGE ON TYPE c TO CURRENT_USER;"},
        Snippet{"default_privileges",
                "CREATE SCHEMA app; CREATE TABLE app.before (id int);"
                "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;"
                "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;"
                "ALTER DEFAULT PRIVILEGES REVOKE USAGE ON TYPES FROM PUBLIC;"
                "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO PUBLIC;"
                "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO PUBLIC;"
                "CREATE TABLE app.after (id serial); CREATE SCHEMA later; CREATE TYPE app.e AS ENUM ('a');"
                "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';"
                "ALTER TABLE app.after ENABLE ROW LEVEL SECURITY;"
                "CREATE POLICY mine ON app.after TO CURRENT_USER USING (true);"},
        Snippet{"collations",
                "CREATE TABLE t (a text COLLATE \"C\", b varchar(10) COLLATE \"POSIX\", c text);"
                "CREATE INDEX ON t (c COLLATE \"C\");"}),
    SnippetName);

// Spellings the catalog changes (implicit casts, BETWEEN expanded, IN with a function) that the
// normalizer undoes.
INSTANTIATE_TEST_SUITE_P(
    CatalogRespellings, RoundTripTest,
    ::testing::Values(
        // pg_get_expr says ((qty)::numeric * price).
        Snippet{"generated_implicit_cast",
                "CREATE TABLE t (qty int, price numeric, total numeric GENERATED ALWAYS AS (qty * price) STORED);"},
        // the catalog says ((a >= 1) AND (a <= 10)).
        Snippet{"between", "CREATE TABLE t (a int CHECK (a BETWEEN 1 AND 10), b int CHECK (b NOT BETWEEN 1 AND 10));"},
        // pg_get_expr casts CURRENT_USER inside the ARRAY.
        Snippet{"policy_in_with_current_user",
                "CREATE TABLE t (author text); ALTER TABLE t ENABLE ROW LEVEL SECURITY;"
                "CREATE POLICY p ON t FOR DELETE USING (author IN ('admin', current_user));"}),
    SnippetName);

// Typed literals are stored in the type's output spelling (interval '1 hour' ->
// '01:00:00'::interval), which the pipeline asks the server for.
INSTANTIATE_TEST_SUITE_P(
    ServerSpelledLiterals, RoundTripTest,
    ::testing::Values(
        Snippet{"interval_literal", "CREATE TABLE t (ts timestamptz DEFAULT now() + interval '1 hour');"},
        Snippet{"bare_literal_defaults",
                "CREATE TABLE t (d date DEFAULT '2026-1-2', i interval DEFAULT '90 minutes', "
                "b numeric(6,2) DEFAULT '1.5', ts timestamptz DEFAULT '2026-01-02 03:04:05+00');"},
        Snippet{"typed_literal_in_check", "CREATE TABLE t (d date CHECK (d > date '2020-1-1'));"}),
    SnippetName);

}  // namespace
}  // namespace schemasync
