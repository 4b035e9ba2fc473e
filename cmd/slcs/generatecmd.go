package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/slcs/slcs/generate"
)

func newGenerate(e *env) *cobra.Command {
	var (
		accounts int
		seed     int64
		perAcct  float64
		asOf     string
		noBar    bool
	)
	cmd := &cobra.Command{
		Use:   "generate --accounts N --seed S DIR",
		Short: "Write a realistic synthetic portfolio (for trying slcs out and for benchmarks)",
		Long: `Generate writes a synthetic portfolio into DIR: accounts.csv, team.csv,
activities.csv and revenue.csv, as a real B2B seller's portfolio looks:
industries of very different sizes, products adopted differently by industry,
24 months of revenue with some credits, activities with several people on both
sides, inbound and outbound, some accounts without activity, missing
head-counts and industries. The same seed always writes the same files.`,
		Example: `  slcs generate --accounts 150 --seed 1 my-portfolio
  slcs generate --accounts 100000 --activities-per-account 100 --seed 7 big`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			o := generate.Options{Accounts: accounts, Seed: seed, ActivitiesPerAccount: perAcct}
			if asOf == "" {
				o.AsOf = time.Now().UTC().Truncate(24 * time.Hour)
			} else {
				t, err := time.Parse("2006-01-02", asOf)
				if err != nil {
					return usageError{fmt.Errorf("--as-of must be a date YYYY-MM-DD, not %q", asOf)}
				}
				o.AsOf = t
			}
			if accounts < 1 {
				return usageError{fmt.Errorf("--accounts must be at least 1")}
			}
			if e.stderrTTY && !noBar {
				bar := newBar(e.stderr, "Writing portfolio")
				bar.ChangeMax(accounts)
				o.Progress = func(done, total int) { bar.Set(done) }
				defer bar.Clear()
			}
			if err := generate.Write(a[0], o); err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote a portfolio of %d accounts to %s\n", accounts, a[0])
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&accounts, "accounts", 150, "number of client accounts")
	fl.Int64Var(&seed, "seed", 1, "random seed: the same seed writes the same files")
	fl.Float64Var(&perAcct, "activities-per-account", 60, "mean activities per account over 24 months")
	fl.StringVar(&asOf, "as-of", "", "last day of the data, YYYY-MM-DD (default: today)")
	fl.BoolVar(&noBar, "no-progress", false, "do not show a progress bar")
	return cmd
}
