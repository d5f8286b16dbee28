-- The table goes; the sequence it owned beside serial's stays, owned by nothing: the reverse
-- plan makes the table again with serial's sequence.
CREATE SEQUENCE tickets_other_seq OWNED BY NONE;
