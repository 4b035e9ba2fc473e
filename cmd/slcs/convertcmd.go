package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/crm/salesforce"
	"github.com/slcs/slcs/portfolio"
)

func newConvert(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert salesforce EXPORT --out DIR",
		Short: "Turn a CRM export into a portfolio folder",
		Long: `Convert reads a CRM's own export and writes a portfolio folder (accounts.csv,
team.csv, activities.csv, revenue.csv) that 'slcs classify DIR' and 'slcs
import DIR' read. It says what it read, wrote and left out, and why.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConvertSalesforce(e))
	return cmd
}

func newConvertSalesforce(e *env) *cobra.Command {
	var out string
	var dry bool
	cmd := &cobra.Command{
		Use:   "salesforce EXPORT.zip|DIR --out DIR",
		Short: "Turn a Salesforce Data Export into a portfolio folder",
		Long: `Read a Salesforce weekly Data Export — the ZIP, or a folder of its
<Object>.csv files (Account, User, Contact, Task, Event, EventRelation,
EmailMessage, Opportunity, OpportunityLineItem, Product2; only Account.csv is
required) — and write a portfolio folder. docs/import-salesforce.md has the
mapping. --dry-run reports what would be written and writes nothing.`,
		Example: `  slcs convert salesforce WE_00D5g000001234_1.ZIP --out portfolio
  slcs convert salesforce export/ --dry-run`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" && !dry {
				return usageError{fmt.Errorf("give the folder to write with --out DIR, or --dry-run")}
			}
			if dry {
				out = ""
			}
			rep, err := convertSalesforce(e, a[0], out)
			if err != nil {
				return err
			}
			writeReport(e.stdout, rep)
			if out != "" {
				fmt.Fprintf(e.stdout, "Wrote the portfolio into %s: classify it with 'slcs classify %s'.\n", out, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the portfolio folder to write (created if missing)")
	cmd.Flags().BoolVar(&dry, "dry-run", false, "report what would be written, and write nothing")
	return cmd
}

// convertSalesforce converts with a progress bar on a terminal.
func convertSalesforce(e *env, src, out string) (*crm.Report, error) {
	var o salesforce.Options
	if e.stderrTTY {
		bar := newBar(e.stderr, "Converting")
		o.Progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
		defer bar.Clear()
	}
	return salesforce.Convert(src, out, o)
}

func newImportSalesforce(e *env) *cobra.Command {
	var db string
	var dry, replace bool
	cmd := &cobra.Command{
		Use:   "salesforce EXPORT.zip|DIR",
		Short: "Load a Salesforce Data Export into the workspace",
		Long: `Convert a Salesforce weekly Data Export (see 'slcs convert salesforce') and
load the result into the workspace, all or nothing, as 'slcs import DIR' does.
--dry-run reports what would be imported and changes nothing.`,
		Example: `  slcs import salesforce WE_00D5g000001234_1.ZIP
  slcs import salesforce WE_00D5g000001234_1.ZIP --dry-run`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if dry {
				rep, err := convertSalesforce(e, a[0], "")
				if err != nil {
					return err
				}
				writeReport(e.stdout, rep)
				fmt.Fprintln(e.stdout, "Dry run: nothing was imported.")
				return nil
			}
			dir, err := os.MkdirTemp("", "slcs-salesforce-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			rep, err := convertSalesforce(e, a[0], dir)
			if err != nil {
				return err
			}
			writeReport(e.stdout, rep)
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, true)
			if err != nil {
				return err
			}
			defer st.Close()
			o := portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.DayOf(time.Now())}
			counts, err := importWithRetry(ctx, st, portfolio.ImportSource{Dir: dir}, replace, o, func() func() { return func() {} })
			if err != nil {
				return err
			}
			if err := audit(ctx, st, "import", "salesforce "+a[0], counts.String()); err != nil {
				return err
			}
			printCounts(e.stdout, dbLocation(db), counts)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&dry, "dry-run", false, "report what would be imported, and import nothing")
	cmd.Flags().BoolVar(&replace, "replace", false, "replace the whole portfolio of the workspace")
	return cmd
}

// writeReport says what a conversion read, wrote and left out.
func writeReport(w io.Writer, r *crm.Report) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "READ\tROWS")
	for _, f := range sortedKeys(r.Read) {
		fmt.Fprintf(tw, "%s\t%d\n", f, r.Read[f])
	}
	fmt.Fprintln(tw, "\nWRITTEN\tRECORDS")
	for _, f := range sortedKeys(r.Written) {
		fmt.Fprintf(tw, "%s\t%d\n", f, r.Written[f])
	}
	tw.Flush()
	if len(r.Skipped) == 0 {
		fmt.Fprintln(w, "\nNothing was left out.")
		return
	}
	fmt.Fprintln(w, "\nLEFT OUT")
	for _, s := range r.Skipped {
		var ex []string
		for _, x := range s.Examples {
			ex = append(ex, fmt.Sprintf("%s line %d", x.File, x.Line))
		}
		fmt.Fprintf(w, "%s: %d skipped: %s", s.File, s.Count, s.Reason)
		if len(ex) > 0 {
			fmt.Fprintf(w, " (e.g. %s)", strings.Join(ex, ", "))
		}
		fmt.Fprintln(w)
	}
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
