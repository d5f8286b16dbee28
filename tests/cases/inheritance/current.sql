CREATE TABLE stamped (created_at timestamp DEFAULT now(), legacy integer);
CREATE TABLE notes (id integer, body text) INHERITS (stamped);
CREATE TABLE tags (id integer);
