package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/movement"
	"github.com/slcs/slcs/workspace"
)

func newChanges(e *env) *cobra.Command {
	var (
		db       string
		from, to int64
		format   string
	)
	cmd := &cobra.Command{
		Use:   "changes [--from S] [--to S]",
		Short: "What changed between two classifications of the workspace",
		Long: `Changes compares two snapshots of the workspace (by default the last two): the
4x4 migration matrix of accounts and of revenue, the accounts that moved and
why (which component changed), the ISOs that appeared or went away, and the
alerts:
  - a Key or Maintenance account whose engagement fell by 15 points or more;
  - a Growth Potential account that became Key;
  - a high-engagement account with no activity in the last 60 days;
  - a Key or Maintenance account that is single-threaded: in the last 90 days
    only one of our people, or only one of theirs, took part in its
    activities, so the relationship hangs on one person.
The thresholds are settings (alerts.*, see 'slcs config'), taken from the
newer snapshot.`,
		Example: `  slcs changes
  slcs changes --from 3 --to 7 --format json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format must be text or json, not %q", format)}
			}
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			a, b, err := pickSnapshots(ctx, st, from, to)
			if err != nil {
				return err
			}
			c := movement.Compare(a, b)
			if format == "json" {
				return movement.WriteJSON(e.stdout, c)
			}
			return movement.WriteText(e.stdout, c, e.stdoutTTY && !noColor())
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().Int64Var(&from, "from", 0, "the older snapshot (default: the one before --to)")
	cmd.Flags().Int64Var(&to, "to", 0, "the newer snapshot (default: the latest)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// pickSnapshots loads the two snapshots to compare.
func pickSnapshots(ctx context.Context, st workspace.Store, from, to int64) (*workspace.Snapshot, *workspace.Snapshot, error) {
	list, err := st.Snapshots(ctx)
	if err != nil {
		return nil, nil, err
	}
	if to == 0 {
		if len(list) == 0 {
			return nil, nil, errors.New("the workspace has no snapshot yet: run 'slcs classify' (twice, some time apart) first")
		}
		to = list[len(list)-1].ID
	}
	if from == 0 {
		for _, s := range list {
			if s.ID < to {
				from = s.ID
			}
		}
		if from == 0 {
			return nil, nil, fmt.Errorf("there is no snapshot before %d to compare with: run 'slcs classify' again later", to)
		}
	}
	if from == to {
		return nil, nil, usageError{errors.New("--from and --to name the same snapshot")}
	}
	a, err := st.Snapshot(ctx, from)
	if err != nil {
		return nil, nil, snapshotErr(err, from)
	}
	b, err := st.Snapshot(ctx, to)
	if err != nil {
		return nil, nil, snapshotErr(err, to)
	}
	return a, b, nil
}

func snapshotErr(err error, id int64) error {
	if errors.Is(err, workspace.ErrNotFound) {
		return fmt.Errorf("there is no snapshot %d: 'slcs snapshots' lists them", id)
	}
	return err
}

func newHistory(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "history ACCOUNT",
		Short: "One account's scores and segments over all snapshots",
		Long: `History shows one account (by its account_id) in every snapshot of the
workspace: its segment (marked when pinned by an override), engagement,
potential, potential value and recommended hours.`,
		Example: `  slcs history A0000042`,
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			st, err := openWorkspace(cmd.Context(), db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			points, err := st.History(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			if len(points) == 0 {
				return fmt.Errorf("account %s is in no snapshot: check the id, or run 'slcs classify'", a[0])
			}
			return movement.WriteHistory(e.stdout, a[0], points)
		},
	}
	dbFlag(cmd, &db)
	return cmd
}

func newOverride(e *env) *cobra.Command {
	var (
		db, reason, until string
		lift, list        bool
	)
	cmd := &cobra.Command{
		Use:   "override ACCOUNT SEGMENT --reason TEXT [--until DATE] | override ACCOUNT --lift | override --list",
		Short: "Pin an account's segment, lift a pin, or list them",
		Long: `Override pins an account to a segment (key, maintenance, growth_potential or
service) whatever its scores, from the next classification of the workspace
on: a strategic account, a client in a dispute. It needs a reason, and holds
until lifted or until the date given with --until (the last day it holds).
Every override is recorded with who set it, when and why, and shows in the
reports of the classifications it applies to.`,
		Example: `  slcs override A0000042 key --reason "board-level sponsor, renewal in March"
  slcs override A0000042 service --reason "in dispute" --until 2027-03-31
  slcs override A0000042 --lift
  slcs override --list`,
		Args: args(cobra.MaximumNArgs(2)),
		RunE: func(cmd *cobra.Command, a []string) error {
			ctx := cmd.Context()
			switch {
			case list && len(a) == 0:
			case lift && len(a) == 1:
			case !list && !lift && len(a) == 2:
				if strings.TrimSpace(reason) == "" {
					return usageError{errors.New("an override needs --reason TEXT: say why, for whoever reads it later")}
				}
			default:
				return usageError{errors.New("give ACCOUNT SEGMENT --reason TEXT, or ACCOUNT --lift, or --list")}
			}
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			now := time.Now()
			switch {
			case list:
				return listOverrides(ctx, e, st, slcs.DayOf(now))
			case lift:
				if err := st.LiftOverride(ctx, a[0], whoAmI(), now); err != nil {
					if errors.Is(err, workspace.ErrNotFound) {
						return fmt.Errorf("account %s has no override in force", a[0])
					}
					return err
				}
				if err := audit(ctx, st, "override.lift", a[0], ""); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "Lifted the override of %s; the next 'slcs classify' places it by its scores.\n", a[0])
				return nil
			}
			seg, ok := slcs.ParseSegment(a[1])
			if !ok {
				return usageError{fmt.Errorf("segment %q: use key, maintenance, growth_potential or service", a[1])}
			}
			known, err := accountExists(ctx, st, a[0])
			if err != nil {
				return err
			}
			if !known {
				return fmt.Errorf("no account %s in the workspace", a[0])
			}
			o := workspace.Override{AccountID: a[0], Segment: seg, Reason: strings.TrimSpace(reason), By: whoAmI(), At: now}
			if until != "" {
				t, err := time.Parse("2006-01-02", until)
				if err != nil {
					return usageError{fmt.Errorf("--until must be a date YYYY-MM-DD, not %q", until)}
				}
				o.Until, o.HasUntil = slcs.DayOf(t), true
				if o.Until < slcs.DayOf(now) {
					return usageError{fmt.Errorf("--until %s is in the past", until)}
				}
			}
			if err := st.SetOverride(ctx, o); err != nil {
				return err
			}
			if err := audit(ctx, st, "override.set", a[0], seg.ID()+": "+o.Reason); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Pinned %s to %s; it applies from the next 'slcs classify'.\n", a[0], seg.Name())
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&reason, "reason", "", "why the account is pinned (required)")
	cmd.Flags().StringVar(&until, "until", "", "the last day the override holds, YYYY-MM-DD (default: until lifted)")
	cmd.Flags().BoolVar(&lift, "lift", false, "lift the override of ACCOUNT")
	cmd.Flags().BoolVar(&list, "list", false, "list every override, in force or not")
	return cmd
}

func accountExists(ctx context.Context, st workspace.Store, id string) (bool, error) {
	found := false
	err := st.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
		return r.Accounts(func(a *workspace.AccountRow) error {
			if a.ID == id {
				found = true
			}
			return nil
		})
	})
	return found, err
}

func listOverrides(ctx context.Context, e *env, st workspace.Store, today slcs.Day) error {
	all, err := st.Overrides(ctx)
	if err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(e.stdout, "No overrides.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "account\tsegment\tstate\tset by\tset on\tuntil\treason")
	for _, o := range all {
		state := "in force"
		switch {
		case !o.LiftedAt.IsZero():
			state = "lifted " + o.LiftedAt.UTC().Format("2006-01-02") + " by " + o.LiftedBy
		case !o.Active(today):
			state = "expired"
		}
		u := "-"
		if o.HasUntil {
			u = o.Until.String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.AccountID, o.Segment.ID(), state, o.By,
			o.At.UTC().Format("2006-01-02"), u, o.Reason)
	}
	return tw.Flush()
}

func newBackup(e *env) *cobra.Command {
	var db string
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of a SQLite workspace",
		Long: `Backup writes a consistent copy of the SQLite workspace to FILE (which must not
exist), even while other slcs processes read or write it. The copy is itself
a workspace: open it with --db FILE. For a PostgreSQL workspace use the
database's own tools (docs/operations.md).`,
		Example: `  slcs backup backups/slcs-2026-12-04.db`,
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if isPostgres(dbLocation(db)) {
				return errors.New("backup copies a SQLite workspace; back up PostgreSQL with pg_dump (docs/operations.md)")
			}
			st, err := openWorkspace(cmd.Context(), db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			sq, ok := st.(interface {
				Backup(context.Context, string) error
			})
			if !ok {
				return errors.New("this workspace cannot be backed up by slcs")
			}
			if err := sq.Backup(cmd.Context(), a[0]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Backed up %s to %s.\n", dbLocation(db), a[0])
			return nil
		},
	}
	dbFlag(cmd, &db)
	return cmd
}
