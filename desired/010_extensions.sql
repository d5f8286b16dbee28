-- 010_extensions.sql
-- PostgreSQL extensions used by the schema:
--   pgcrypto  hashing helpers (digest) for API keys and session tokens
--   citext    case-insensitive text for e-mail addresses

CREATE EXTENSION pgcrypto;
CREATE EXTENSION citext;
