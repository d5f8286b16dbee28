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
CREATE INDEX docs_owner_incl_idx ON docs (owner) INCLUDE (title);
CREATE INDEX docs_created_idx ON docs (created_at DESC NULLS LAST, id);
CREATE UNIQUE INDEX docs_email_key ON docs (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX docs_body_idx ON docs USING gin (body jsonb_path_ops);
CREATE INDEX ON docs (owner, created_at) WHERE deleted_at IS NULL;
CREATE INDEX ON docs USING hash (email);

CREATE TABLE tags (id int PRIMARY KEY, doc_id int, name text);
CREATE UNIQUE INDEX ON tags (doc_id, lower(name));
CREATE INDEX tags_name_idx ON tags (name text_pattern_ops);
