CREATE FUNCTION active_count() RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM users WHERE
$$;
