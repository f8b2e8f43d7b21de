-- kakou-district on SQLite, schema version 1 (`PRAGMA user_version`).
-- postgres_schema.sql is the same on PostgreSQL; keep the two in step.

-- One-time enrolment codes, stored only as SHA-256 of the normalised code.
CREATE TABLE enroll_codes (
    code_hash   TEXT PRIMARY KEY,
    community   TEXT NOT NULL,
    checkpoint  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    terminal_id TEXT
) STRICT;

-- Enrolled terminals. The bearer token is stored only as its SHA-256.
-- stored_through is the highest seq stored: a terminal's events are kept
-- contiguous from 1.
CREATE TABLE terminals (
    id             TEXT PRIMARY KEY,
    community      TEXT NOT NULL,
    checkpoint     TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    enrolled_at    TEXT NOT NULL,
    stored_through INTEGER NOT NULL DEFAULT 0,
    last_push_at   TEXT,
    revoked_at     TEXT,
    blocked_at     TEXT,
    blocked_reason TEXT
) STRICT;

-- Every event once. body is the canonical JSON of the envelope's body; hash
-- the SHA-256 of the whole canonical envelope (kakou_core::sync::envelope).
CREATE TABLE events (
    id           TEXT PRIMARY KEY,
    terminal_id  TEXT NOT NULL REFERENCES terminals(id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    body_version INTEGER NOT NULL,
    hlc_ms       INTEGER NOT NULL,
    hlc_counter  INTEGER NOT NULL,
    day          TEXT NOT NULL,
    body         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    UNIQUE (terminal_id, seq)
) STRICT;
CREATE INDEX events_kind_day ON events(kind, day);

-- The one serialised counter that numbers master-data changes.
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO change_counter (id, value) VALUES (1, 0);

-- Master data. `change` is the counter value of the row's last visible
-- change; pull reads rows with change > cursor.
CREATE TABLE trusted_keys (
    public_key TEXT PRIMARY KEY,
    key_id     INTEGER NOT NULL,
    community  TEXT NOT NULL,
    role       TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    change     INTEGER NOT NULL UNIQUE
) STRICT;

-- Households per community, named by (issuing key id, number). change is
-- NULL while no ledger import has named the address.
CREATE TABLE households (
    community        TEXT NOT NULL,
    key_id           INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    address          TEXT,
    address_hlc_ms   INTEGER,
    address_counter  INTEGER,
    address_terminal TEXT,
    status           TEXT NOT NULL,
    quota_outings    INTEGER,
    quota_days       INTEGER,
    hlc_ms           INTEGER NOT NULL,
    hlc_counter      INTEGER NOT NULL,
    terminal_id      TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    change           INTEGER UNIQUE,
    PRIMARY KEY (community, key_id, number)
) STRICT;
CREATE INDEX households_change ON households(community, change);

-- Edits that lost last-writer-wins, for the lead (winner and loser as JSON).
CREATE TABLE household_conflicts (
    id          INTEGER PRIMARY KEY,
    community   TEXT NOT NULL,
    key_id      INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    winner      TEXT NOT NULL,
    loser       TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;

CREATE TABLE revocations (
    community  TEXT NOT NULL,
    key_id     INTEGER NOT NULL,
    serial     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    event_id   TEXT NOT NULL,
    change     INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (community, key_id, serial)
) STRICT;
CREATE INDEX revocations_change ON revocations(community, change);

-- A checkpoint has reported a day once any of its terminals pushed a
-- daily_report for it.
CREATE TABLE reports_received (
    event_id   TEXT PRIMARY KEY,
    community  TEXT NOT NULL,
    checkpoint TEXT NOT NULL,
    day        TEXT NOT NULL
) STRICT;
CREATE INDEX reports_received_day ON reports_received(day);

-- What a person should look at: conflicting events, cloned terminals,
-- clocks far ahead, keys a gate may not announce.
CREATE TABLE flags (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    terminal_id TEXT NOT NULL,
    event_id    TEXT,
    fingerprint TEXT NOT NULL,
    detail      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (kind, fingerprint)
) STRICT;

-- Users of the web pages (issue 15); passwords as Argon2id PHC strings.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'lead')),
    community     TEXT,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;
