CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TABLE readings (id int, span floatmultirange);
