-- +goose Up
-- The portfolio. Days are days since 1970-01-01 (UTC calendar dates);
-- months are year*12 + month - 1; money and minutes are integer millionths.
CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    industry   TEXT NOT NULL,
    employees  INTEGER,              -- NULL: not given
    domains    TEXT NOT NULL
) STRICT;

CREATE TABLE team (
    email          TEXT PRIMARY KEY,  -- lower-cased
    name           TEXT NOT NULL,
    capacity_hours REAL               -- NULL: the default capacity
) STRICT;

CREATE TABLE activities (
    activity_id  TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    day          INTEGER NOT NULL,
    type         INTEGER NOT NULL,    -- 0 email, 1 call, 2 meeting, 3 other
    inbound      INTEGER NOT NULL,    -- 0 or 1
    minutes      INTEGER,             -- millionths of a minute; NULL: by type
    our_people   TEXT NOT NULL,       -- trimmed, lower-cased, ';'-joined
    their_people TEXT NOT NULL
) STRICT, WITHOUT ROWID;
-- One B-tree keyed by activity_id and no index: an import of millions of
-- rows touches as few pages as it can. The days with activities, which
-- decide the default as-of date, are counted by triggers in a small table.
CREATE TABLE activity_days (
    day INTEGER PRIMARY KEY,
    n   INTEGER NOT NULL
) STRICT;
-- +goose StatementBegin
CREATE TRIGGER activities_day_insert AFTER INSERT ON activities BEGIN
    INSERT INTO activity_days (day, n) VALUES (new.day, 1)
        ON CONFLICT (day) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activities_day_update AFTER UPDATE OF day ON activities WHEN old.day <> new.day BEGIN
    UPDATE activity_days SET n = n - 1 WHERE day = old.day;
    INSERT INTO activity_days (day, n) VALUES (new.day, 1)
        ON CONFLICT (day) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activities_day_delete AFTER DELETE ON activities BEGIN
    UPDATE activity_days SET n = n - 1 WHERE day = old.day;
END;
-- +goose StatementEnd

CREATE TABLE revenue (
    account_id TEXT NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
    product    TEXT NOT NULL,
    month      INTEGER NOT NULL,
    amount     INTEGER NOT NULL,      -- millionths
    PRIMARY KEY (account_id, product, month)
) STRICT;
CREATE INDEX revenue_month ON revenue (month);

-- An import's revenue, summed by key before it replaces the stored months;
-- empty outside imports.
CREATE TABLE revenue_import (
    account_id TEXT NOT NULL,
    product    TEXT NOT NULL,
    month      INTEGER NOT NULL,
    amount     INTEGER NOT NULL,
    PRIMARY KEY (account_id, product, month)
) STRICT, WITHOUT ROWID;

-- Classifications. A snapshot is a self-contained copy: accounts deleted
-- from the portfolio later stay in the snapshots that had them.
CREATE TABLE snapshots (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,         -- RFC 3339, UTC
    created_by TEXT NOT NULL,
    as_of      INTEGER NOT NULL,
    stable     INTEGER NOT NULL,      -- 1: the stability margin applied
    settings   TEXT NOT NULL,         -- JSON
    accounts   INTEGER NOT NULL,
    key_accounts INTEGER NOT NULL,
    maintenance_accounts INTEGER NOT NULL,
    growth_potential_accounts INTEGER NOT NULL,
    service_accounts INTEGER NOT NULL
) STRICT;

CREATE TABLE snapshot_accounts (
    snapshot_id        INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    owner              TEXT NOT NULL,
    industry           TEXT NOT NULL,
    segment            INTEGER NOT NULL,   -- 0 key, 1 maintenance, 2 growth_potential, 3 service
    computed           INTEGER NOT NULL,
    overridden         INTEGER NOT NULL,
    engagement_high    INTEGER NOT NULL,
    potential_high     INTEGER NOT NULL,
    engagement         INTEGER NOT NULL,   -- hundredths
    potential          INTEGER NOT NULL,   -- hundredths
    pairs              INTEGER NOT NULL,
    frequency          INTEGER NOT NULL,   -- millionths
    proactiveness      INTEGER NOT NULL,   -- millionths
    pairs_pct          REAL NOT NULL,
    frequency_pct      REAL NOT NULL,
    proactiveness_pct  REAL NOT NULL,
    potential_value    INTEGER NOT NULL,   -- cents
    revenue_12m        INTEGER NOT NULL,   -- millionths
    recommended_hours  INTEGER NOT NULL,   -- hundredths
    activities         INTEGER NOT NULL,
    inbound            INTEGER NOT NULL,
    last_activity      INTEGER,            -- NULL: none
    recent_our_people  INTEGER NOT NULL,
    recent_their_people INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, account_id)
) STRICT;
CREATE INDEX snapshot_accounts_account ON snapshot_accounts (account_id);

CREATE TABLE snapshot_isos (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL,
    product     TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- upsell or cross-sell
    value       INTEGER NOT NULL,          -- cents
    PRIMARY KEY (snapshot_id, account_id, product)
) STRICT;

CREATE TABLE overrides (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    segment    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,              -- RFC 3339, UTC
    until_day  INTEGER,                    -- NULL: until lifted
    lifted_at  TEXT,
    lifted_by  TEXT
) STRICT;
CREATE INDEX overrides_account ON overrides (account_id);

-- +goose Down
DROP TABLE revenue_import;
DROP TABLE activity_days;
DROP TABLE overrides;
DROP TABLE snapshot_isos;
DROP TABLE snapshot_accounts;
DROP TABLE snapshots;
DROP TABLE revenue;
DROP TABLE activities;
DROP TABLE team;
DROP TABLE accounts;
