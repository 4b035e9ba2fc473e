-- +goose Up
-- The same tables as the SQLite workspace (sqlite/migrations), in
-- PostgreSQL types. Days are days since 1970-01-01 (UTC calendar dates);
-- months are year*12 + month - 1; money and minutes are integer millionths.
--
-- Unlike SQLite's, activities and revenue have no FOREIGN KEY to accounts:
-- PostgreSQL checks a foreign key with one query per inserted row, which
-- halves the speed of a large import (measured: 84,000 against 120,000
-- activities a second). The store keeps the same rule itself: every batch
-- is checked against accounts before it is written, and a replace, the only
-- thing that deletes accounts, excludes concurrent imports (see
-- postgres/import.go).
CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    industry   TEXT NOT NULL,
    employees  BIGINT,                -- NULL: not given
    domains    TEXT NOT NULL
);

CREATE TABLE team (
    email          TEXT PRIMARY KEY,  -- lower-cased
    name           TEXT NOT NULL,
    capacity_hours DOUBLE PRECISION   -- NULL: the default capacity
);

CREATE TABLE activities (
    activity_id  TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,       -- an account
    day          INTEGER NOT NULL,
    type         SMALLINT NOT NULL,   -- 0 email, 1 call, 2 meeting, 3 other
    inbound      BOOLEAN NOT NULL,
    minutes      BIGINT,              -- millionths of a minute; NULL: by type
    our_people   TEXT NOT NULL,       -- trimmed, lower-cased, ';'-joined
    their_people TEXT NOT NULL
);
CREATE INDEX activities_day ON activities (day);
CREATE INDEX activities_account ON activities (account_id);

CREATE TABLE revenue (
    account_id TEXT NOT NULL,         -- an account
    product    TEXT NOT NULL,
    month      INTEGER NOT NULL,
    amount     BIGINT NOT NULL,       -- millionths
    PRIMARY KEY (account_id, product, month)
);
CREATE INDEX revenue_month ON revenue (month);

-- Classifications. A snapshot is a self-contained copy: accounts deleted
-- from the portfolio later stay in the snapshots that had them. Ids are
-- given by the store (max + 1 under a lock), not by a sequence, so that they
-- stay 1, 2, 3 ... even when a save fails, as in SQLite.
CREATE TABLE snapshots (
    id         BIGINT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT NOT NULL,
    as_of      INTEGER NOT NULL,
    stable     BOOLEAN NOT NULL,      -- true: the stability margin applied
    settings   JSONB NOT NULL,
    accounts   INTEGER NOT NULL,
    key_accounts INTEGER NOT NULL,
    maintenance_accounts INTEGER NOT NULL,
    growth_potential_accounts INTEGER NOT NULL,
    service_accounts INTEGER NOT NULL
);

-- The rows of a snapshot are written in the transaction that creates it,
-- and snapshots are never deleted: no foreign key, whose check per row
-- would double the time of saving a large snapshot.
CREATE TABLE snapshot_accounts (
    snapshot_id        BIGINT NOT NULL,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    owner              TEXT NOT NULL,
    industry           TEXT NOT NULL,
    segment            SMALLINT NOT NULL,  -- 0 key, 1 maintenance, 2 growth_potential, 3 service
    computed           SMALLINT NOT NULL,
    overridden         BOOLEAN NOT NULL,
    engagement_high    BOOLEAN NOT NULL,
    potential_high     BOOLEAN NOT NULL,
    engagement         BIGINT NOT NULL,    -- hundredths
    potential          BIGINT NOT NULL,    -- hundredths
    pairs              BIGINT NOT NULL,
    frequency          BIGINT NOT NULL,    -- millionths
    proactiveness      BIGINT NOT NULL,    -- millionths
    pairs_pct          DOUBLE PRECISION NOT NULL,
    frequency_pct      DOUBLE PRECISION NOT NULL,
    proactiveness_pct  DOUBLE PRECISION NOT NULL,
    potential_value    BIGINT NOT NULL,    -- cents
    revenue_12m        BIGINT NOT NULL,    -- millionths
    recommended_hours  BIGINT NOT NULL,    -- hundredths
    activities         BIGINT NOT NULL,
    inbound            BIGINT NOT NULL,
    last_activity      INTEGER,            -- NULL: none
    recent_our_people  INTEGER NOT NULL,
    recent_their_people INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, account_id)
);
CREATE INDEX snapshot_accounts_account ON snapshot_accounts (account_id);

CREATE TABLE snapshot_isos (
    snapshot_id BIGINT NOT NULL,
    account_id  TEXT NOT NULL,
    product     TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- upsell or cross-sell
    value       BIGINT NOT NULL,           -- cents
    PRIMARY KEY (snapshot_id, account_id, product)
);
-- History reads one account's ISOs across all snapshots.
CREATE INDEX snapshot_isos_account ON snapshot_isos (account_id);

CREATE TABLE overrides (
    id         BIGINT PRIMARY KEY,
    account_id TEXT NOT NULL,
    segment    SMALLINT NOT NULL,
    reason     TEXT NOT NULL,
    set_by     TEXT NOT NULL,
    set_at     TIMESTAMPTZ NOT NULL,
    until_day  INTEGER,                    -- NULL: until lifted
    lifted_at  TIMESTAMPTZ,
    lifted_by  TEXT
);
CREATE INDEX overrides_account ON overrides (account_id);

-- +goose Down
DROP TABLE overrides;
DROP TABLE snapshot_isos;
DROP TABLE snapshot_accounts;
DROP TABLE snapshots;
DROP TABLE revenue;
DROP TABLE activities;
DROP TABLE team;
DROP TABLE accounts;
