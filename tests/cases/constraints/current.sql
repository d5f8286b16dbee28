CREATE TABLE products (
    id     int,
    sku    text UNIQUE,
    name   text,
    price  numeric CHECK (price > 0),
    weight numeric,
    lo     int,
    hi     int,
    CONSTRAINT products_range CHECK (lo < hi)
);
CREATE TABLE bookings (
    id     int PRIMARY KEY,
    room   int NOT NULL,
    during tsrange NOT NULL,
    span   int4range,
    CONSTRAINT bookings_span_excl EXCLUDE USING gist (span WITH &&)
);
