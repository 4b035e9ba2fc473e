-- +goose Up
-- Who may sign in, and what they did, as in the SQLite workspace. Times
-- keep microseconds; NULL is "never" (or "none").
CREATE TABLE users (
    email         TEXT PRIMARY KEY,       -- lower-cased
    role          TEXT NOT NULL,          -- admin, leader, seller or viewer
    seller        TEXT NOT NULL,          -- a seller's owner email
    password_hash TEXT NOT NULL,          -- a PHC string
    disabled      BOOLEAN NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

-- Signed-in browsers, by the hash of their cookie's secret. The tables of
-- users are small: their foreign keys cost nothing that matters.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,          -- hex SHA-256
    email      TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL,
    addr       TEXT NOT NULL
);
CREATE INDEX sessions_email ON sessions (email);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

-- API tokens, by the hash of their secret.
CREATE TABLE tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,      -- hex SHA-256
    created_at TIMESTAMPTZ NOT NULL,
    expires    TIMESTAMPTZ,               -- NULL: never
    last_used  TIMESTAMPTZ,               -- NULL: never used
    revoked    TIMESTAMPTZ                -- NULL: in force
);
CREATE INDEX tokens_email ON tokens (email);

-- Every change, read newest first by id.
CREATE TABLE audit_log (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    addr   TEXT NOT NULL
);

-- The settings of the workspace: one row, as JSON, once saved. JSONB keeps
-- numbers as exact decimals: the floats come back as they were written.
CREATE TABLE settings (
    id       SMALLINT PRIMARY KEY CHECK (id = 1),
    settings JSONB NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE audit_log;
DROP TABLE tokens;
DROP TABLE sessions;
DROP TABLE users;
