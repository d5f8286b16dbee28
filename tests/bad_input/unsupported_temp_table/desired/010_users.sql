CREATE TEMPORARY TABLE scratch (id int);
