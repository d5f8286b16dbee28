CREATE TABLE measures (
    id     bigint PRIMARY KEY,
    code   varchar(50) NOT NULL,
    amount numeric(12,3),
    hits   bigint DEFAULT 0,
    ratio  double precision
);
