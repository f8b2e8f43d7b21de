-- kakou-district on PostgreSQL, schema version 2: the web pages (issue 15).
-- Applied after postgres_schema.sql, on new databases and on version 1 ones.
-- sqlite_web.sql is the same on SQLite; keep the two in step.

-- The communities the district serves: the short slug of their web
-- addresses (/c/<slug>, /v/<slug>), the visitor key that signs their pink
-- passes (an Ed25519 seed, kept only here; its public key flows down to
-- every gate as a trusted key of role `visitor`) and the next serial of a
-- pink pass.
CREATE TABLE communities (
    name           TEXT PRIMARY KEY,
    slug           TEXT NOT NULL UNIQUE,
    visitor_key_id BIGINT NOT NULL,
    visitor_public TEXT NOT NULL,
    visitor_secret TEXT NOT NULL,
    next_serial    BIGINT NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL
);

-- Logged-in browsers. The cookie's token is stored only as its SHA-256;
-- csrf is the session's token every form must send back.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_name  TEXT NOT NULL REFERENCES users(name),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Pre-registered visitors and their pink passes. The pass page's token is
-- stored only as its SHA-256. The district may hold the ID number and the
-- phone; its pages show them masked, and the pass carries neither.
CREATE TABLE visitors (
    token_hash    TEXT PRIMARY KEY,
    community     TEXT NOT NULL REFERENCES communities(name),
    serial        BIGINT NOT NULL,
    name          TEXT NOT NULL,
    document_type TEXT NOT NULL,
    id_number     TEXT NOT NULL,
    phone         TEXT NOT NULL,
    from_place    TEXT NOT NULL,
    address       TEXT NOT NULL,
    key_id        BIGINT NOT NULL,
    number        BIGINT NOT NULL,
    visit_day     TEXT NOT NULL,
    pass          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (community, serial)
);
CREATE INDEX visitors_day ON visitors(community, visit_day);

-- Who saw what unmasked, and when.
CREATE TABLE audit (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        TEXT NOT NULL,
    user_name TEXT NOT NULL,
    action    TEXT NOT NULL,
    community TEXT,
    detail    TEXT NOT NULL
);
