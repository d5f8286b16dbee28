INSERT INTO accounts SELECT g, CASE WHEN g % 2 = 0 THEN 'active' ELSE 'archived' END::status,
  ARRAY['active', 'archived']::status[], 'm' FROM generate_series(1, 10) g;
