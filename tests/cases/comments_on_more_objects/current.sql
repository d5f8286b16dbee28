-- Comments on constraints, policies, triggers and sequences change in place; an object built
-- anew gets its comment again, and the way back restores the comment of what it drops.
CREATE TABLE orders (id int PRIMARY KEY, qty int CONSTRAINT qty_positive CHECK (qty > 0), note text);
COMMENT ON CONSTRAINT qty_positive ON orders IS 'no empty orders';
COMMENT ON CONSTRAINT orders_pkey ON orders IS 'the key';
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY small ON orders USING (qty < 100);
COMMENT ON POLICY small ON orders IS 'small orders only';
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER orders_stamp BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION stamp();
COMMENT ON TRIGGER orders_stamp ON orders IS 'stamps';
CREATE SEQUENCE invoice_numbers;
COMMENT ON SEQUENCE invoice_numbers IS 'invoices';
CREATE SEQUENCE old_numbers;
COMMENT ON SEQUENCE old_numbers IS 'retired';
