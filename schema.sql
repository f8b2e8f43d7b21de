-- kakou terminal store, newest version. `PRAGMA user_version` holds the
-- version; older files are upgraded step by step in src/store/schema.rs.
-- Keep this file and the upgrade steps in agreement: a test checks that an
-- upgraded version-1 file ends with the same tables and columns as a new one.

PRAGMA user_version = 7;

-- Settings of this terminal: community, checkpoint, terminal id, role
-- (`issuing` store or verifier `gate`), the community's issuing key id, the
-- household and bundle counters, gate rules.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,       -- this store's own row id
    -- The household's name in the community: the issuing key's id and the
    -- number the issuing store gave it (never reused). Passes carry it.
    key_id        INTEGER NOT NULL,
    number        INTEGER NOT NULL,
    -- building-unit-room ("3-2-501") or village group, as the ledger writes it
    address       TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL DEFAULT 'normal'
                  CHECK (status IN ('normal','close_contact','secondary_contact','home_quarantine','vacant')),
    quota_outings INTEGER CHECK (quota_outings IS NULL OR quota_outings >= 0),
    quota_days    INTEGER CHECK (quota_days IS NULL OR quota_days > 0),
    updated_at    TEXT NOT NULL,
    -- who last set status and quota, when, by the hybrid clock: edits made
    -- at different gates resolve last-writer-wins on (stamp, terminal)
    status_hlc_wall    INTEGER NOT NULL DEFAULT 0,
    status_hlc_counter INTEGER NOT NULL DEFAULT 0,
    status_terminal    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    document_type   TEXT NOT NULL DEFAULT 'mainland_id',
    document_number TEXT NOT NULL UNIQUE,
    phone           TEXT,
    household_id    INTEGER NOT NULL REFERENCES households(id),
    category        TEXT NOT NULL CHECK (category IN ('resident','tenant','returned','visitor')),
    -- a returned person shows red until this day (inclusive)
    returned_until  TEXT,
    -- 0 once the person moved out (kept for the register's history)
    active          INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX households_ref ON households(key_id, number);
CREATE INDEX people_household ON people(household_id);

-- Public keys whose passes this gate accepts (own community and neighbours).
-- A key is itself its identity; two keys may share a 32-bit id by chance.
CREATE TABLE trusted_keys (
    public_key BLOB PRIMARY KEY,
    key_id     INTEGER NOT NULL,
    community  TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT 'issuing' CHECK (role IN ('issuing','visitor'))
) STRICT;
CREATE INDEX trusted_keys_id ON trusted_keys(key_id);

CREATE TABLE passes (
    serial       INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    key_id       INTEGER NOT NULL,
    category     TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    -- the exact QR text, so a card can be printed again
    text         TEXT NOT NULL,
    issued_at    TEXT NOT NULL
) STRICT;
CREATE INDEX passes_person ON passes(person_id);

-- Revoked cards, also those of passes issued elsewhere (bundles, sync): a
-- card is one serial of one key.
CREATE TABLE revocations (
    key_id     INTEGER NOT NULL,
    serial     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    PRIMARY KEY (key_id, serial)
) STRICT;

-- One row per passage; never updated or deleted (corrections are new rows).
CREATE TABLE passages (
    id            TEXT PRIMARY KEY,          -- UUIDv7
    at            TEXT NOT NULL,             -- RFC 3339 with the gate's offset
    day           TEXT NOT NULL,             -- local calendar day, for reports
    checkpoint    TEXT NOT NULL,
    operator      TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('in','out')),
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('pass','visitor','vehicle')),
    category      TEXT,
    -- the household named (resident's own, or the one visited), as every
    -- gate names it
    household_key    INTEGER,
    household_number INTEGER,
    outcome       TEXT NOT NULL CHECK (outcome IN ('released','refused','referred','cancelled')),
    reason        TEXT,
    max_temp      INTEGER,                   -- tenths of a degree
    alert         TEXT,
    body          TEXT NOT NULL,             -- the whole passage as JSON
    -- 1 when the passage used one of its household's outings; the core
    -- decides (Passage::counts_as_household_exit), the store only counts.
    quota_exit    INTEGER NOT NULL DEFAULT 0 CHECK (quota_exit IN (0, 1)),
    -- the `id` of the `gate replay` line it came from: a line replayed
    -- again finds its passage instead of making a second one
    replay_id     TEXT,
    -- when a visitor's or driver's personal fields were removed from `body`
    -- after the retention period (the only change a passage ever takes)
    redacted_at   TEXT
) STRICT;
CREATE INDEX passages_day ON passages(day, checkpoint);
CREATE INDEX passages_household_exits ON passages(household_key, household_number, quota_exit, day);
CREATE UNIQUE INDEX passages_replay ON passages(replay_id) WHERE replay_id IS NOT NULL;

CREATE TRIGGER passages_no_update BEFORE UPDATE ON passages
WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
          AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.day IS OLD.day
          AND NEW.checkpoint IS OLD.checkpoint AND NEW.operator IS OLD.operator
          AND NEW.direction IS OLD.direction AND NEW.subject_kind IS OLD.subject_kind
          AND NEW.category IS OLD.category AND NEW.household_key IS OLD.household_key
          AND NEW.household_number IS OLD.household_number AND NEW.outcome IS OLD.outcome
          AND NEW.reason IS OLD.reason AND NEW.max_temp IS OLD.max_temp
          AND NEW.alert IS OLD.alert AND NEW.quota_exit IS OLD.quota_exit
          AND NEW.replay_id IS OLD.replay_id)
BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
CREATE TRIGGER passages_no_delete BEFORE DELETE ON passages
BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;

-- Every committed fact as an event for the district, pushed until
-- acknowledged (docs/sync-protocol.md). Rows are never deleted, so `seq`
-- (AUTOINCREMENT: never reused, and a rolled-back insert leaves no gap)
-- runs contiguously from 1.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL UNIQUE,       -- UUIDv7
    kind         TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    acked_at     TEXT,
    body_version INTEGER NOT NULL DEFAULT 1,
    hlc_wall     INTEGER NOT NULL DEFAULT 0, -- hybrid clock: milliseconds …
    hlc_counter  INTEGER NOT NULL DEFAULT 0, -- … and the counter within one
    day          TEXT NOT NULL DEFAULT ''    -- the gate's local calendar day
) STRICT;
CREATE INDEX outbox_unacked ON outbox(acked_at, seq);

-- Household edits that lost last-writer-wins to a newer one from elsewhere
-- (or arrived after it): kept for the lead to see, never applied.
CREATE TABLE household_conflicts (
    id           INTEGER PRIMARY KEY,
    key_id       INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    kept_status  TEXT NOT NULL,
    lost_status  TEXT NOT NULL,
    lost_quota   TEXT,                       -- OUTINGS/DAYS, or NULL
    lost_hlc     TEXT NOT NULL,              -- wall.counter
    lost_terminal TEXT NOT NULL,
    kept_hlc     TEXT NOT NULL,
    kept_terminal TEXT NOT NULL,
    noted_at     TEXT NOT NULL
) STRICT;

-- Who was on duty at this gate: one row per sign-in, closed by the sign-out.
CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY,
    volunteer  TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    -- what the roster said at sign-in (`roster::SignIn` code), if any
    roster_check TEXT
) STRICT;

-- The duty roster of this checkpoint: one row per shift, the core's
-- `roster::Shift` as JSON, replaced whole by `kakou roster import`.
CREATE TABLE roster_shifts (
    id    INTEGER PRIMARY KEY,
    shift TEXT NOT NULL
) STRICT;

-- Supplies: the items (the core's `supplies::Item` as JSON, by its id) and
-- every movement in and out (`supplies::Movement`), never changed.
CREATE TABLE supply_items (
    id   INTEGER PRIMARY KEY,
    item TEXT NOT NULL
) STRICT;
CREATE TABLE supply_movements (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    movement TEXT NOT NULL
) STRICT;
CREATE TRIGGER supply_movements_no_update BEFORE UPDATE ON supply_movements
BEGIN SELECT RAISE(ABORT, 'supply movements are never changed; record a correction'); END;
CREATE TRIGGER supply_movements_no_delete BEFORE DELETE ON supply_movements
BEGIN SELECT RAISE(ABORT, 'supply movements are never changed; record a correction'); END;

-- Who did what that touches personal data or the lead's powers (the core's
-- `audit::AuditEvent` as JSON): lead-screen openings, wrong PINs, unmasking,
-- exports, prints, retention runs. Never changed.
CREATE TABLE audit_log (
    id    INTEGER PRIMARY KEY,
    at    TEXT NOT NULL,
    who   TEXT NOT NULL,
    entry TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is never changed'); END;

