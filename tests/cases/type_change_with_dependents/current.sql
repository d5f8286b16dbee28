CREATE TABLE docs (
    id       int PRIMARY KEY,
    owner_id int NOT NULL,
    price    int,
    total    int GENERATED ALWAYS AS (price * 2) STORED
);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON docs USING (owner_id > 0);
