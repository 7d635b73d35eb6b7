-- Schema step 1: forms (indexed header columns), their revisions (the JSON
-- interchange text of every saved state), and app settings.
-- Never edit a step that has shipped: add a new file instead.

PRAGMA application_id = 1397053004; -- 'SEVL': marks the file as a SelfEval database

CREATE TABLE forms (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL DEFAULT '',
    name              TEXT NOT NULL DEFAULT '',
    year              TEXT NOT NULL DEFAULT '',
    implementing_unit TEXT NOT NULL DEFAULT '',
    budget_unit       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    example           INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),
    rev               INTEGER NOT NULL,          -- the current revision
    created_at        INTEGER NOT NULL,          -- Unix milliseconds
    updated_at        INTEGER NOT NULL,
    trashed_at        INTEGER                    -- NULL unless in the trash
);
CREATE INDEX forms_by_update ON forms (updated_at DESC);

CREATE TABLE revisions (
    id       INTEGER PRIMARY KEY,
    form_id  INTEGER NOT NULL REFERENCES forms (id) ON DELETE CASCADE,
    rev      INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    hash     TEXT NOT NULL,                      -- FNV-1a 64 of content, hex
    note     TEXT NOT NULL DEFAULT '',
    content  TEXT NOT NULL,                      -- JSON interchange format
    UNIQUE (form_id, rev)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                          -- JSON
);
