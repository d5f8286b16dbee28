-- An existing table attached as a partition. It keeps its own defaults when attached (the
-- desired partition has its parent's: MergeAttributes copies them into a PARTITION OF table),
-- and ATTACH gives it copies of the parent's keys, foreign keys and CHECKs, which a detached
-- partition keeps as its own: the way back drops them after DETACH.
CREATE TABLE accounts (id int PRIMARY KEY);
CREATE TABLE ledger (
  account int NOT NULL REFERENCES accounts (id),
  region text NOT NULL,
  n serial,
  CONSTRAINT ledger_region_n_key UNIQUE (region, n),
  CONSTRAINT ledger_n_positive CHECK (n > 0)
) PARTITION BY LIST (region);
CREATE TABLE ledger_us PARTITION OF ledger FOR VALUES IN ('us');
-- Its own serial and a key of the name its copy of the parent's would take.
CREATE TABLE ledger_eu (
  account int NOT NULL,
  region text NOT NULL,
  n serial,
  CONSTRAINT ledger_eu_region_n_key UNIQUE (region, n)
);
