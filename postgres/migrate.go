package postgres

import (
	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs/internal/sqlpacks"
)

// goMigrations are the schema changes that need Go: version 2 moves the
// activities from one row each into one pack per account (see
// workspace.OpenPack), and counts the activities of each day in a table
// of their own.
func goMigrations() []*goose.Migration {
	return []*goose.Migration{sqlpacks.Migration(activityPacksDDL, true)}
}

// A pack's foreign key costs one check per account, not per activity.
const activityPacksDDL = `
CREATE TABLE activity_packs (
    account_id TEXT PRIMARY KEY REFERENCES accounts (account_id) ON DELETE CASCADE,
    n          BIGINT NOT NULL,       -- activities in data
    data       BYTEA NOT NULL         -- the account's activities, encoded
);
-- the number of activities of each day, for the default as-of date
CREATE TABLE activity_days (
    day INTEGER PRIMARY KEY,
    n   BIGINT NOT NULL
);`
