-- NOT VALID is a state of its own (pg_constraint.convalidated): a desired NOT VALID constraint
-- is added NOT VALID and stays so; one that loses NOT VALID is validated in place (VALIDATE
-- CONSTRAINT); one that gains it is added anew NOT VALID. CREATE TABLE validates whatever it
-- makes, so a new table's NOT VALID constraint is added after it. Rows that break the
-- unvalidated constraints stay.
CREATE TABLE accounts (id int PRIMARY KEY, balance int, owner_id int);
CREATE TABLE owners (id int PRIMARY KEY);
ALTER TABLE accounts ADD CONSTRAINT balance_positive CHECK (balance >= 0) NOT VALID;
ALTER TABLE accounts ADD CONSTRAINT owner_known FOREIGN KEY (owner_id) REFERENCES owners;
