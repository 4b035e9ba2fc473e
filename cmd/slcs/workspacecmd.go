package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/sqlite"
	"github.com/slcs/slcs/workspace"
)

// dbLocation is the workspace a command uses: the --db flag, else SLCS_DB,
// else ./slcs.db.
func dbLocation(flag string) string {
	if flag != "" {
		return flag
	}
	if v := os.Getenv("SLCS_DB"); v != "" {
		return v
	}
	return "slcs.db"
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openWorkspace opens the workspace named by --db. Only an import creates
// a SQLite workspace; the other commands need one that exists.
func openWorkspace(ctx context.Context, flag string, create bool) (workspace.Store, error) {
	db := dbLocation(flag)
	if isPostgres(db) {
		return openPostgres(ctx, db)
	}
	if !create {
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("there is no workspace at %s: load a portfolio into it with 'slcs import DIR' "+
				"(or give another with --db or SLCS_DB)", db)
		}
	}
	return sqlite.Open(ctx, db)
}

// whoAmI names the person running slcs in the workspace's records.
func whoAmI() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

func dbFlag(cmd *cobra.Command, db *string) {
	cmd.Flags().StringVar(db, "db", "", "the workspace: a SQLite file or a postgres:// URL (default $SLCS_DB, else ./slcs.db)")
}

func newImport(e *env) *cobra.Command {
	var (
		db, kind string
		replace  bool
		noBar    bool
	)
	cmd := &cobra.Command{
		Use:   "import DIR | import FILE --kind KIND | import salesforce|hubspot|csv|mail|calendar SOURCE...",
		Short: "Load a portfolio, a CRM export, mail or calendars into the workspace",
		Long: `Import loads data into the workspace: a whole portfolio folder, or one file
with --kind accounts, team, activities or revenue. The workspace is a SQLite
file (./slcs.db, or --db PATH) or a PostgreSQL database (--db postgres://...,
or the SLCS_DB variable).

An import is all or nothing: every row is checked as classify checks it, and
one bad row leaves the workspace exactly as it was. Records are matched by
their ids (revenue by account, product and month): new ones are added,
changed ones updated, the rest left alone; the import says how many of each.
Activities and revenue may refer to accounts already in the workspace.
--replace replaces the whole portfolio (snapshots and overrides stay).

From other sources, with the commands below: 'slcs import salesforce',
'hubspot' and 'csv' convert a CRM's export and load it the same way (see
'slcs convert'); 'slcs import mail' and 'calendar' add the activities of the
team's mailboxes and calendars to the workspace's accounts.`,
		Example: `  slcs import examples/portfolio
  slcs import exports/activities-2026-11.csv --kind activities
  slcs import new-portfolio --replace --db postgres://slcs@db.example/slcs`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			src := portfolio.ImportSource{Dir: a[0]}
			if kind != "" {
				if _, ok := portfolio.Kinds[kind]; !ok {
					return usageError{fmt.Errorf("--kind must be accounts, team, activities or revenue, not %q", kind)}
				}
				src = portfolio.ImportSource{Files: map[string]string{kind: a[0]}}
			} else if fi, err := os.Stat(a[0]); err == nil && !fi.IsDir() {
				return usageError{fmt.Errorf("%s is a file: say what it holds with --kind accounts|team|activities|revenue", a[0])}
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			o := portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(time.Now())}
			saving := func() func() { return func() {} }
			if e.stderrTTY && !noBar {
				bar := newBar(e.stderr, "Importing")
				o.Progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
				defer bar.Clear()
				// the commit merges the activities into the accounts: seconds
				// for millions of them
				saving = func() func() {
					bar.Clear()
					return spin(e.stderr, "Saving into the workspace")
				}
			}
			counts, err := importWithRetry(ctx, st, src, replace, o, saving)
			if err != nil {
				return err
			}
			detail := counts.String()
			if replace {
				detail = "replace: " + detail
			}
			if err := audit(ctx, st, "import", strings.Join(a, " "), detail); err != nil {
				return err
			}
			printCounts(e.stdout, dbLocation(db), counts)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&kind, "kind", "", "what FILE holds: accounts, team, activities or revenue")
	cmd.Flags().BoolVar(&replace, "replace", false, "replace the whole portfolio of the workspace")
	cmd.Flags().BoolVar(&noBar, "no-progress", false, "do not show a progress bar")
	for _, im := range importers() {
		cmd.AddCommand(newImportFrom(e, im))
	}
	cmd.AddCommand(newImportEngage(e, false), newImportEngage(e, true))
	return cmd
}

// printCounts says what an import did.
func printCounts(w io.Writer, location string, counts workspace.ImportCounts) {
	fmt.Fprintf(w, "Imported into %s:\n%-12s %10s %10s %10s\n", location, "", "added", "changed", "unchanged")
	for _, row := range []struct {
		name string
		c    workspace.Counts
	}{{"accounts", counts.Accounts}, {"team", counts.Team}, {"activities", counts.Activities}, {"revenue", counts.Revenue}} {
		fmt.Fprintf(w, "%-12s %10d %10d %10d\n", row.name, row.c.Added, row.c.Changed, row.c.Unchanged)
	}
}

// importWithRetry runs an import, again when a concurrent one made the
// database give up on it (PostgreSQL deadlocks and serialization failures).
// saving is called before each commit, and the function it returns after.
func importWithRetry(ctx context.Context, st workspace.Store, src portfolio.ImportSource, replace bool, o portfolio.Options,
	saving func() func()) (workspace.ImportCounts, error) {
	var last error
	for range 3 {
		imp, err := st.BeginImport(ctx, replace)
		if err != nil {
			return workspace.ImportCounts{}, err
		}
		if _, err := portfolio.Import(src, imp, o); err != nil {
			imp.Rollback()
			var ie *portfolio.InputError
			if errors.As(err, &ie) {
				return workspace.ImportCounts{}, fmt.Errorf("the import was refused; the workspace is unchanged.\n%v", err)
			}
			if !errors.Is(err, workspace.ErrRetry) {
				return workspace.ImportCounts{}, err
			}
			last = err
			continue
		}
		done := saving()
		counts, err := imp.Commit()
		done()
		if err == nil {
			return counts, nil
		}
		if !errors.Is(err, workspace.ErrRetry) {
			return workspace.ImportCounts{}, err
		}
		last = err
	}
	return workspace.ImportCounts{}, last
}

// classifyWorkspace classifies the workspace and saves a snapshot.
func classifyWorkspace(ctx context.Context, e *env, f classifyFlags) error {
	if f.skipInvalid {
		return usageError{fmt.Errorf("--skip-invalid is for a portfolio folder: the workspace holds only valid rows")}
	}
	settings, asOf, hasAsOf, err := f.prepare()
	if err != nil {
		return err
	}
	st, err := openWorkspace(ctx, f.db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if f.config == "" {
		// the settings an admin saved in the workspace, else the defaults
		saved, ok, err := st.Settings(ctx)
		if err != nil {
			return err
		}
		if ok {
			settings = saved
		}
	}
	o := workspace.RunOptions{Settings: settings, AsOf: asOf, HasAsOf: hasAsOf, NoHysteresis: f.noHysteresis,
		Now: time.Now(), By: whoAmI()}
	if e.stderrTTY && !f.noProgress {
		bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("Reading the workspace: activities"),
			progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
		o.Progress = func(n int64) { bar.Set64(n) }
		defer bar.Clear()
	}
	res, rule, id, err := workspace.Run(ctx, st, o)
	if errors.Is(err, workspace.ErrNoAccounts) {
		return fmt.Errorf("the workspace %s holds no accounts: load a portfolio with 'slcs import DIR'", dbLocation(f.db))
	}
	if err != nil {
		return err
	}
	if err := audit(ctx, st, "classify", fmt.Sprintf("snapshot %d", id), ""); err != nil {
		return err
	}
	meta := report.Meta{Source: dbLocation(f.db), AsOfRule: rule.String(), Snapshot: id}
	return writeOutputs(e, res, meta, f)
}

func newSnapshots(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "snapshots",
		Short: "List the classifications saved in the workspace",
		Long: `Snapshots lists every classification of the workspace: its number, when and
by whom it was made, its as-of date, and its accounts by segment. Compare two
with 'slcs changes --from A --to B'.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openWorkspace(cmd.Context(), db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			snaps, err := st.Snapshots(cmd.Context())
			if err != nil {
				return err
			}
			if len(snaps) == 0 {
				fmt.Fprintln(e.stdout, "No snapshots yet: run 'slcs classify' to classify the workspace.")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "#\tcreated (UTC)\tby\tas of\taccounts\tkey\tmaint.\tgrowth\tservice\t")
			for _, s := range snaps {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t\n", s.ID, s.CreatedAt.UTC().Format("2006-01-02 15:04"),
					s.CreatedBy, s.AsOf, s.Accounts, s.Segments[slcs.Key], s.Segments[slcs.Maintenance],
					s.Segments[slcs.GrowthPotential], s.Segments[slcs.Service])
			}
			return tw.Flush()
		},
	}
	dbFlag(cmd, &db)
	return cmd
}

// spin shows a spinner with a description until the function it returns
// is called.
func spin(w io.Writer, what string) func() {
	bar := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(what),
		progressbar.OptionSpinnerType(14), progressbar.OptionClearOnFinish())
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				bar.Add(1)
			}
		}
	}()
	return func() {
		close(stop)
		<-done
		bar.Finish()
	}
}
