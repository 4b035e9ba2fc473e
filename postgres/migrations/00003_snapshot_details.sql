-- +goose Up
-- What a snapshot keeps besides the scores: each account's peer benchmark,
-- the time plan and the audit, as in the SQLite workspace. Snapshots saved
-- before have the defaults: no peer group, no head-count, no benchmark, no
-- time plan, no audit. A column added with a constant default does not
-- rewrite the table.
ALTER TABLE snapshot_accounts
    ADD COLUMN peer_group      TEXT NOT NULL DEFAULT '',             -- the industry benchmarked against; '': the whole portfolio
    ADD COLUMN peer_group_size INTEGER NOT NULL DEFAULT 0,           -- accounts in the peer group
    ADD COLUMN employees       DOUBLE PRECISION NOT NULL DEFAULT 0,  -- the head-count used
    ADD COLUMN employees_given BOOLEAN NOT NULL DEFAULT false;       -- true: from the portfolio

ALTER TABLE snapshot_isos
    ADD COLUMN spend    DOUBLE PRECISION NOT NULL DEFAULT 0,  -- the account's spend in the revenue window
    ADD COLUMN buyers   INTEGER NOT NULL DEFAULT 0,           -- accounts of the peer group that buy the product
    ADD COLUMN adoption DOUBLE PRECISION NOT NULL DEFAULT 0,  -- buyers / peer group size
    ADD COLUMN high     DOUBLE PRECISION NOT NULL DEFAULT 0,  -- percentiles of the buyers' spend per employee
    ADD COLUMN typical  DOUBLE PRECISION NOT NULL DEFAULT 0;

-- Written with the snapshot, in its transaction, and never deleted: no
-- foreign key, like the other tables of a snapshot.

-- The time plan: one row a seller. Segments in report order: key,
-- maintenance, growth potential, service.
CREATE TABLE snapshot_sellers (
    snapshot_id             BIGINT NOT NULL,
    seller                  TEXT NOT NULL,     -- lower-cased owner; '': accounts without owner
    capacity                DOUBLE PRECISION NOT NULL,  -- hours a month
    key_accounts            INTEGER NOT NULL,  -- owned accounts by segment
    maintenance_accounts    INTEGER NOT NULL,
    growth_potential_accounts INTEGER NOT NULL,
    service_accounts        INTEGER NOT NULL,
    key_share               DOUBLE PRECISION NOT NULL,  -- effective share of capacity by segment
    maintenance_share       DOUBLE PRECISION NOT NULL,
    growth_potential_share  DOUBLE PRECISION NOT NULL,
    service_share           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (snapshot_id, seller)
);

-- The audit: one row a person, hours a month by segment (unrounded).
CREATE TABLE snapshot_audit (
    snapshot_id             BIGINT NOT NULL,
    person                  TEXT NOT NULL,
    owned_accounts          INTEGER NOT NULL,
    capacity                DOUBLE PRECISION NOT NULL,  -- hours a month
    key_actual              DOUBLE PRECISION NOT NULL,
    maintenance_actual      DOUBLE PRECISION NOT NULL,
    growth_potential_actual DOUBLE PRECISION NOT NULL,
    service_actual          DOUBLE PRECISION NOT NULL,
    key_recommended         DOUBLE PRECISION NOT NULL,
    maintenance_recommended DOUBLE PRECISION NOT NULL,
    growth_potential_recommended DOUBLE PRECISION NOT NULL,
    service_recommended     DOUBLE PRECISION NOT NULL,
    misallocation           DOUBLE PRECISION NOT NULL,  -- percent (unrounded); valid when has_misallocation
    has_misallocation       BOOLEAN NOT NULL,
    PRIMARY KEY (snapshot_id, person)
);

-- +goose Down
DROP TABLE snapshot_audit;
DROP TABLE snapshot_sellers;
ALTER TABLE snapshot_isos
    DROP COLUMN typical,
    DROP COLUMN high,
    DROP COLUMN adoption,
    DROP COLUMN buyers,
    DROP COLUMN spend;
ALTER TABLE snapshot_accounts
    DROP COLUMN employees_given,
    DROP COLUMN employees,
    DROP COLUMN peer_group_size,
    DROP COLUMN peer_group;
