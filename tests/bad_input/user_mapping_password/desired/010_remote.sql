CREATE FOREIGN DATA WRAPPER dummy;
CREATE SERVER remote FOREIGN DATA WRAPPER dummy OPTIONS (host 'db.internal');
CREATE USER MAPPING FOR PUBLIC SERVER remote
  OPTIONS (user 'reporting', password 'Tr0ub4dor-and-3');
