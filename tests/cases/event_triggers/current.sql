-- Event triggers (database-wide): disabled in place, rebuilt when their tags change, dropped,
-- created; comments on them.
CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER on_ddl ON ddl_command_end EXECUTE FUNCTION note_ddl();
CREATE EVENT TRIGGER on_drop ON sql_drop EXECUTE FUNCTION note_drop();
CREATE EVENT TRIGGER obsolete ON ddl_command_start WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION note_ddl();
COMMENT ON EVENT TRIGGER on_ddl IS 'old';
COMMENT ON EVENT TRIGGER on_drop IS 'kept';
