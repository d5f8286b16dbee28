CREATE TABLE products (
    id     int PRIMARY KEY,
    sku    text,
    name   text,
    price  numeric CHECK (price >= 0),
    weight numeric CONSTRAINT products_weight_positive CHECK (weight > 0),
    lo     int,
    hi     int,
    CONSTRAINT products_range CHECK (lo <= hi),
    UNIQUE NULLS NOT DISTINCT (name, sku)
);
CREATE TABLE bookings (
    id     int PRIMARY KEY,
    room   int NOT NULL,
    during tsrange NOT NULL,
    span   int4range,
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room > 0),
    EXCLUDE USING btree (room WITH =) DEFERRABLE
);
