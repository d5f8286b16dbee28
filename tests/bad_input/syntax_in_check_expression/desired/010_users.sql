CREATE TABLE users (id int, age int CHECK (age >= ));
