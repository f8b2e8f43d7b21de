-- kakou terminal store, version 1, as first shipped. Kept so that the
-- upgrade from version 1 is tested against a real version-1 file.
PRAGMA user_version = 1;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE households (
    id            INTEGER PRIMARY KEY,
    address       TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL DEFAULT 'normal'
                  CHECK (status IN ('normal','close_contact','secondary_contact','home_quarantine','vacant')),
    quota_outings INTEGER CHECK (quota_outings IS NULL OR quota_outings >= 0),
    quota_days    INTEGER CHECK (quota_days IS NULL OR quota_days > 0),
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    document_type   TEXT NOT NULL DEFAULT 'mainland_id',
    document_number TEXT NOT NULL UNIQUE,
    phone           TEXT,
    household_id    INTEGER NOT NULL REFERENCES households(id),
    category        TEXT NOT NULL CHECK (category IN ('resident','tenant','returned','visitor')),
    returned_until  TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX people_household ON people(household_id);

CREATE TABLE passages (
    id            TEXT PRIMARY KEY,
    at            TEXT NOT NULL,
    day           TEXT NOT NULL,
    checkpoint    TEXT NOT NULL,
    operator      TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('in','out')),
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('pass','visitor','vehicle')),
    category      TEXT,
    household_id  INTEGER,
    outcome       TEXT NOT NULL CHECK (outcome IN ('released','refused','referred','cancelled')),
    reason        TEXT,
    max_temp      INTEGER,
    body          TEXT NOT NULL
) STRICT;
CREATE INDEX passages_day ON passages(day, checkpoint);

CREATE TRIGGER passages_no_update BEFORE UPDATE ON passages
BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
CREATE TRIGGER passages_no_delete BEFORE DELETE ON passages
BEGIN SELECT RAISE(ABORT, 'passages are immutable'); END;
