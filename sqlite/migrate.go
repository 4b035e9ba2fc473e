package sqlite

import (
	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs/internal/sqlpacks"
)

// goMigrations are the schema changes that need Go: version 2 moves the
// activities from one row each into one pack per account (see
// workspace.OpenPack).
func goMigrations() []*goose.Migration {
	return []*goose.Migration{sqlpacks.Migration(activityPacksDDL, false)}
}

const activityPacksDDL = `
CREATE TABLE activity_packs (
    account_id TEXT PRIMARY KEY REFERENCES accounts (account_id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,      -- activities in data
    data       BLOB NOT NULL          -- the account's activities, encoded
) STRICT;
-- the days were counted by triggers on the table of activities
DROP TRIGGER activities_day_insert;
DROP TRIGGER activities_day_update;
DROP TRIGGER activities_day_delete`
