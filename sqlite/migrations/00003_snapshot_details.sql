-- +goose Up
-- What a snapshot keeps besides the scores: each account's peer benchmark,
-- the time plan and the audit. Snapshots saved before have the defaults:
-- no peer group, no head-count, no benchmark, no time plan, no audit.
ALTER TABLE snapshot_accounts ADD COLUMN peer_group TEXT NOT NULL DEFAULT '';          -- the industry benchmarked against; '': the whole portfolio
ALTER TABLE snapshot_accounts ADD COLUMN peer_group_size INTEGER NOT NULL DEFAULT 0;   -- accounts in the peer group
ALTER TABLE snapshot_accounts ADD COLUMN employees REAL NOT NULL DEFAULT 0;            -- the head-count used
ALTER TABLE snapshot_accounts ADD COLUMN employees_given INTEGER NOT NULL DEFAULT 0;   -- 1: from the portfolio

ALTER TABLE snapshot_isos ADD COLUMN spend REAL NOT NULL DEFAULT 0;       -- the account's spend in the revenue window
ALTER TABLE snapshot_isos ADD COLUMN buyers INTEGER NOT NULL DEFAULT 0;   -- accounts of the peer group that buy the product
ALTER TABLE snapshot_isos ADD COLUMN adoption REAL NOT NULL DEFAULT 0;    -- buyers / peer group size
ALTER TABLE snapshot_isos ADD COLUMN high REAL NOT NULL DEFAULT 0;        -- percentiles of the buyers' spend per employee
ALTER TABLE snapshot_isos ADD COLUMN typical REAL NOT NULL DEFAULT 0;

-- The time plan: one row a seller. Segments in report order: key,
-- maintenance, growth potential, service.
CREATE TABLE snapshot_sellers (
    snapshot_id             INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seller                  TEXT NOT NULL,     -- lower-cased owner; '': accounts without owner
    capacity                REAL NOT NULL,     -- hours a month
    key_accounts            INTEGER NOT NULL,  -- owned accounts by segment
    maintenance_accounts    INTEGER NOT NULL,
    growth_potential_accounts INTEGER NOT NULL,
    service_accounts        INTEGER NOT NULL,
    key_share               REAL NOT NULL,     -- effective share of capacity by segment
    maintenance_share       REAL NOT NULL,
    growth_potential_share  REAL NOT NULL,
    service_share           REAL NOT NULL,
    PRIMARY KEY (snapshot_id, seller)
) STRICT;

-- The audit: one row a person, hours a month by segment (unrounded).
CREATE TABLE snapshot_audit (
    snapshot_id             INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    person                  TEXT NOT NULL,
    owned_accounts          INTEGER NOT NULL,
    capacity                REAL NOT NULL,     -- hours a month
    key_actual              REAL NOT NULL,
    maintenance_actual      REAL NOT NULL,
    growth_potential_actual REAL NOT NULL,
    service_actual          REAL NOT NULL,
    key_recommended         REAL NOT NULL,
    maintenance_recommended REAL NOT NULL,
    growth_potential_recommended REAL NOT NULL,
    service_recommended     REAL NOT NULL,
    misallocation           REAL NOT NULL,     -- percent (unrounded); valid when has_misallocation
    has_misallocation       INTEGER NOT NULL,  -- 0 or 1
    PRIMARY KEY (snapshot_id, person)
) STRICT;

-- +goose Down
DROP TABLE snapshot_audit;
DROP TABLE snapshot_sellers;
ALTER TABLE snapshot_isos DROP COLUMN typical;
ALTER TABLE snapshot_isos DROP COLUMN high;
ALTER TABLE snapshot_isos DROP COLUMN adoption;
ALTER TABLE snapshot_isos DROP COLUMN buyers;
ALTER TABLE snapshot_isos DROP COLUMN spend;
ALTER TABLE snapshot_accounts DROP COLUMN employees_given;
ALTER TABLE snapshot_accounts DROP COLUMN employees;
ALTER TABLE snapshot_accounts DROP COLUMN peer_group_size;
ALTER TABLE snapshot_accounts DROP COLUMN peer_group;
