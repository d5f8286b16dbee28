CREATE TABLE stamped (created_at timestamp DEFAULT now());
-- notes keeps legacy as its own column once the parent drops it
CREATE TABLE notes (id integer, body text, legacy integer,
    CONSTRAINT notes_body_check CHECK (body <> '')) INHERITS (stamped);
CREATE TABLE tags (id integer);
