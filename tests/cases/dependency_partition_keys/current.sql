-- Partitions whose own keys PostgreSQL attaches to their parent's unique index: the parent's
-- index is built first, and the way back drops the partitions before it (PostgreSQL refuses
-- to drop an index a partition's key is attached to).
CREATE TABLE readings (id int NOT NULL, day date NOT NULL, value int) PARTITION BY RANGE (day);
CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
