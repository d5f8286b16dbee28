CREATE FUNCTION note_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER on_ddl ON ddl_command_end WHEN TAG IN ('create table', 'ALTER TABLE')
  EXECUTE FUNCTION note_ddl();
COMMENT ON EVENT TRIGGER on_ddl IS 'new';
CREATE EVENT TRIGGER on_drop ON sql_drop EXECUTE PROCEDURE public.note_drop();
ALTER EVENT TRIGGER on_drop DISABLE;
COMMENT ON EVENT TRIGGER on_drop IS 'kept';
CREATE EVENT TRIGGER on_rewrite ON table_rewrite EXECUTE FUNCTION note_ddl();
