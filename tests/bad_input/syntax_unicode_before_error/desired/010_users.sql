-- Benutzer: Größe, naïve café ☕
CREATE TABLE users (id int);
CREATE TABEL posts (id int);
