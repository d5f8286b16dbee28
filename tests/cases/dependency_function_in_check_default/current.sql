-- A CHECK, a default, an index and a policy calling functions created in the same plan; a
-- function calling another; a new column read by all of them.
CREATE TABLE accounts (id int PRIMARY KEY);
