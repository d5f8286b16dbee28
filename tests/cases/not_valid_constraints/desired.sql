CREATE TABLE accounts (id int PRIMARY KEY, balance int, owner_id int, limit_cents int);
CREATE TABLE owners (id int PRIMARY KEY);
ALTER TABLE accounts ADD CONSTRAINT balance_positive CHECK (balance >= 0);
ALTER TABLE accounts ADD CONSTRAINT owner_known FOREIGN KEY (owner_id) REFERENCES owners NOT VALID;
ALTER TABLE accounts ADD CONSTRAINT limit_small CHECK (limit_cents < 1000) NOT VALID;
CREATE TABLE audits (id int PRIMARY KEY, account_id int);
ALTER TABLE audits ADD CONSTRAINT audits_account FOREIGN KEY (account_id) REFERENCES accounts NOT VALID;
ALTER TABLE audits ADD CONSTRAINT audits_id_positive CHECK (id > 0) NOT VALID;
