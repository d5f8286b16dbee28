SET standard_conforming_strings = off;
CREATE TABLE t (a text DEFAULT 'a\b');
