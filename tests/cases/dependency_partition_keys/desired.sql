CREATE TABLE readings (id int NOT NULL, day date NOT NULL, value int) PARTITION BY RANGE (day);
CREATE UNIQUE INDEX readings_id_day ON readings (id, day);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE readings_2026 PARTITION OF readings (CONSTRAINT readings_2026_pkey PRIMARY KEY (id, day))
  FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
