CREATE TABLE measures (
    id     int PRIMARY KEY,
    code   varchar(20) NOT NULL,
    amount numeric(10,2),
    hits   int DEFAULT 0,
    ratio  real
);
