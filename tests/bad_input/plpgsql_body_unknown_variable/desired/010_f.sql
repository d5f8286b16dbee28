CREATE FUNCTION bump() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  counter := 1;
  RETURN 1;
END $$;
