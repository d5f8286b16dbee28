CREATE TABLE users (id int);
COMMENT ON TABLE users IS 'utilisateurs inscrits à la lettre';
