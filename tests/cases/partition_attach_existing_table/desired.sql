CREATE TABLE accounts (id int PRIMARY KEY);
CREATE TABLE ledger (
  account int NOT NULL REFERENCES accounts (id),
  region text NOT NULL,
  n serial,
  CONSTRAINT ledger_region_n_key UNIQUE (region, n),
  CONSTRAINT ledger_n_positive CHECK (n > 0)
) PARTITION BY LIST (region);
CREATE TABLE ledger_us PARTITION OF ledger FOR VALUES IN ('us');
CREATE TABLE ledger_eu PARTITION OF ledger FOR VALUES IN ('eu');
