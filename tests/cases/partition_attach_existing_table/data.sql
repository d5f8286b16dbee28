INSERT INTO accounts SELECT g FROM generate_series(1, 10) g;
INSERT INTO ledger (account, region) SELECT g, 'us' FROM generate_series(1, 10) g;
INSERT INTO ledger_eu (account, region) SELECT g, 'eu' FROM generate_series(1, 10) g;
