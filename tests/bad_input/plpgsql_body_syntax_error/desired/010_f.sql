CREATE FUNCTION total(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE s int := 0;
BEGIN
  FOR i IN 1..n LOOP
    s := s + i
  END LOOP;
  RETURN s;
END $$;
