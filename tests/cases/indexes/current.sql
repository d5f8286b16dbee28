CREATE TABLE docs (
    id         int PRIMARY KEY,
    owner      text NOT NULL,
    email      text,
    title      text,
    body       jsonb,
    created_at timestamptz,
    deleted_at timestamptz
);
CREATE INDEX docs_owner_idx ON docs (owner);
CREATE INDEX docs_title_idx ON docs (title);
