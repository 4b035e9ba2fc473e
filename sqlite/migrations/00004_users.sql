-- +goose Up
-- Who may sign in, and what they did. Times are RFC 3339 in UTC with nine
-- fraction digits (microseconds kept, as in PostgreSQL), so that their text
-- sorts as the times do; NULL is "never" (or "none").
CREATE TABLE users (
    email         TEXT PRIMARY KEY,       -- lower-cased
    role          TEXT NOT NULL,          -- admin, leader, seller or viewer
    seller        TEXT NOT NULL,          -- a seller's owner email
    password_hash TEXT NOT NULL,          -- a PHC string
    disabled      INTEGER NOT NULL,       -- 0 or 1
    created_at    TEXT NOT NULL
) STRICT;

-- Signed-in browsers, by the hash of their cookie's secret.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,          -- hex SHA-256
    email      TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    addr       TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_email ON sessions (email);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- API tokens, by the hash of their secret.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,      -- hex SHA-256
    created_at TEXT NOT NULL,
    expires    TEXT,                      -- NULL: never
    last_used  TEXT,                      -- NULL: never used
    revoked    TEXT                       -- NULL: in force
) STRICT;
CREATE INDEX tokens_email ON tokens (email);

-- Every change, read newest first by id.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    addr   TEXT NOT NULL
) STRICT;

-- The settings of the workspace: one row, as JSON, once saved.
CREATE TABLE settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    settings TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
