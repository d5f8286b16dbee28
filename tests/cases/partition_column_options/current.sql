CREATE TABLE measurements (id int, city text, reading numeric) PARTITION BY LIST (city);
