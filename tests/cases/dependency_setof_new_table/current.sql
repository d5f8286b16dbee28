-- New objects whose creation order only their dependencies decide (functions used to be
-- created before tables): a function returning SETOF a new table, one taking its row type, a
-- view over both, a trigger calling a new function.
CREATE TABLE tenants (id int PRIMARY KEY);
