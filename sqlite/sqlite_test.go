package sqlite_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/storetest"
	"github.com/slcs/slcs/workspace"
)

// mustOpen opens a workspace in a new file of the test's folder.
func mustOpen(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "slcs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestStoreSuite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) workspace.Store { return mustOpen(t) })
}

// A workspace written by a newer slcs is refused, not damaged.
func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "slcs.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, 1)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = sqlite.Open(t.Context(), path)
	if !errors.Is(err, workspace.ErrSchemaTooNew) {
		t.Fatalf("opening a newer workspace: %v, want ErrSchemaTooNew", err)
	}
}

// Foreign keys are enforced and the journal is a write-ahead log.
func TestPragmas(t *testing.T) {
	st := mustOpen(t)
	imp, err := st.BeginImport(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer imp.Rollback()
	err = imp.PutActivity(&workspace.ActivityRow{ID: "t1", AccountID: "nobody", Day: 1, Minutes: -1, OurPeople: "a@o.example"})
	if err == nil {
		_, err = imp.Commit()
	}
	if err == nil {
		t.Fatal("an activity of an unknown account was stored")
	}
	if _, err := os.Stat(st.Path() + "-wal"); err != nil {
		t.Errorf("no write-ahead log beside the workspace: %v", err)
	}
}

// A backup is a consistent, usable workspace even while another
// connection keeps writing.
func TestBackupWhileWriting(t *testing.T) {
	st := mustOpen(t)
	ctx := t.Context()
	put := func(i int) {
		imp, err := st.BeginImport(ctx, false)
		if err != nil {
			t.Error(err)
			return
		}
		id := string(rune('a' + i%26))
		if err := imp.PutAccount(&workspace.AccountRow{ID: id + time.Now().Format("150405.000000000"), Name: "n"}); err != nil {
			t.Error(err)
		}
		if _, err := imp.Commit(); err != nil {
			t.Error(err)
		}
	}
	put(0)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			put(i)
		}
	}()
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	<-done
	cp, err := sqlite.Open(ctx, backup)
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	defer cp.Close()
	n := 0
	err = cp.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
		return r.Accounts(func(*workspace.AccountRow) error { n++; return nil })
	})
	if err != nil || n < 1 || n > 51 {
		t.Fatalf("backup holds %d accounts (%v), want 1 to 51", n, err)
	}
	if err := st.Backup(ctx, backup); err == nil {
		t.Error("a backup over an existing file was written")
	}
}

// Revenue rows of one key add up across and within the batches the store
// writes them in.
func TestRevenueAddsUpAcrossBatches(t *testing.T) {
	st := mustOpen(t)
	ctx := t.Context()
	imp, err := st.BeginImport(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := imp.PutAccount(&workspace.AccountRow{ID: "a1", Name: "A"}); err != nil {
		t.Fatal(err)
	}
	want := map[slcs.Month]int64{}
	for i := range 1000 {
		m := slcs.MakeMonth(2026, 1+i%7)
		v := int64(i*1_000_000 + 1)
		want[m] += v
		if err := imp.PutRevenue(&workspace.RevenueRow{AccountID: "a1", Product: "P", Month: m, Micros: v}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := imp.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if c.Revenue.Added != 7 {
		t.Errorf("revenue counts %+v, want 7 added", c.Revenue)
	}
	got := map[slcs.Month]int64{}
	err = st.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
		return r.Revenue(0, slcs.MakeMonth(3000, 1), func(rv *workspace.RevenueRow) error {
			got[rv.Month] += rv.Micros
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for m, v := range want {
		if got[m] != v {
			t.Errorf("%s: %d, want %d", m, got[m], v)
		}
	}
}

// The latest activity date stays right whether an import starts with no
// activity (days counted by the import) or adds to them (by triggers).
func TestLatestActivityDayAcrossImports(t *testing.T) {
	st := mustOpen(t)
	ctx := t.Context()
	put := func(acts ...workspace.ActivityRow) {
		t.Helper()
		imp, err := st.BeginImport(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := imp.PutAccount(&workspace.AccountRow{ID: "a1", Name: "A"}); err != nil {
			t.Fatal(err)
		}
		for i := range acts {
			if err := imp.PutActivity(&acts[i]); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := imp.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	latest := func(notAfter slcs.Day) slcs.Day {
		t.Helper()
		var d slcs.Day
		var ok bool
		err := st.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
			var err error
			d, ok, err = r.LatestActivityDay(notAfter)
			return err
		})
		if err != nil || !ok {
			t.Fatalf("LatestActivityDay: %v %v", ok, err)
		}
		return d
	}
	act := func(id string, day slcs.Day) workspace.ActivityRow {
		return workspace.ActivityRow{ID: id, AccountID: "a1", Day: day, Minutes: -1, OurPeople: "x@o.example"}
	}
	put(act("t1", 100), act("t2", 200), act("t3", 200))
	if d := latest(1000); d != 200 {
		t.Errorf("after the first import: %d, want 200", d)
	}
	if d := latest(150); d != 100 {
		t.Errorf("not after 150: %d, want 100", d)
	}
	put(act("t2", 50), act("t3", 60)) // both activities of day 200 move earlier
	if d := latest(1000); d != 100 {
		t.Errorf("after moving day 200 away: %d, want 100", d)
	}
	put(act("t4", 300)) // a new activity: the insert trigger is back
	if d := latest(1000); d != 300 {
		t.Errorf("after adding day 300: %d, want 300", d)
	}
	imp, err := st.BeginImport(ctx, true) // a replace that fails leaves the triggers
	if err != nil {
		t.Fatal(err)
	}
	imp.Rollback()
	put(act("t5", 400))
	if d := latest(1000); d != 400 {
		t.Errorf("after a rolled back replace and a new day 400: %d, want 400", d)
	}
}

// TestMigrateActivitiesToPacks: a workspace of schema version 1, which kept
// an activity a row, opens with its activities and days as they were.
func TestMigrateActivitiesToPacks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	storetest.FillLegacy(t, db, goose.DialectSQLite3, os.DirFS("migrations"))
	db.Close()

	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.CheckLegacyMigrated(t, st)
}

// TestMigrateSnapshotDetails: a workspace with a snapshot saved at schema
// version 2 opens, and the snapshot reads back as it was, with zero values
// for what version 2 did not keep.
func TestMigrateSnapshotDetails(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Version 2 is a Go migration the package keeps to itself: the workspace
	// is made at the latest version and taken down to 2 by the SQL
	// migrations' Down sections.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v != 2 {
		t.Fatalf("schema version %d (%v), want 2", v, err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM sqlite_schema WHERE name IN ('snapshot_sellers', 'snapshot_audit'))
		+ (SELECT count(*) FROM pragma_table_info('snapshot_accounts') WHERE name = 'peer_group')
		+ (SELECT count(*) FROM pragma_table_info('snapshot_isos') WHERE name = 'spend')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d tables and columns of version 3 left at version 2", n)
	}
	for _, q := range storetest.LegacySnapshotRows {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.CheckLegacySnapshot(t, st)
}
