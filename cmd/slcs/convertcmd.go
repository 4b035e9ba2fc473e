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
	"github.com/slcs/slcs/crm/hubspot"
	"github.com/slcs/slcs/crm/mapping"
	"github.com/slcs/slcs/crm/salesforce"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

// importer is a kind of CRM export that slcs convert and slcs import read.
type importer struct {
	name    string // the subcommand: salesforce, hubspot, csv
	args    string // what it reads, for the usage line
	what    string // what it reads, in words
	long    string // what it reads and how, for the help
	example string // the source in the examples
	flags   string // more flags in the examples
	minArgs int
	maxArgs int // 0: any number
	// setup adds the importer's own flags to cmd and returns the function
	// that converts with them.
	setup func(cmd *cobra.Command) convertFunc
}

type convertFunc func(srcs []string, out string, progress func(done, total int64)) (*crm.Report, error)

func importers() []importer {
	return []importer{
		{
			name: "salesforce", args: "EXPORT.zip|DIR", what: "a Salesforce Data Export",
			long: `Read a Salesforce weekly Data Export — the ZIP, or a folder of its
<Object>.csv files (Account, User, Contact, Task, Event, EventRelation,
EmailMessage, Opportunity, OpportunityLineItem, Product2; only Account.csv is
required). docs/import-salesforce.md has the mapping.`,
			example: "WE_00D5g000001234_1.ZIP", minArgs: 1, maxArgs: 1,
			setup: func(*cobra.Command) convertFunc {
				return func(srcs []string, out string, progress func(done, total int64)) (*crm.Report, error) {
					return salesforce.Convert(srcs[0], out, salesforce.Options{Progress: progress})
				}
			},
		},
		{
			name: "hubspot", args: "EXPORT...", what: "HubSpot exports",
			long: `Read HubSpot exports: the CSV or XLSX files exported from the companies,
contacts, deals, line items, calls, emails and meetings views (and, to know
the owners, the users), given one by one, as a folder, or as a ZIP of them.
Only the companies are required. Columns may be English labels or internal
names; date-times are read in --timezone. docs/import-hubspot.md has the
mapping.`,
			example: "hubspot-export.zip", flags: " --timezone Europe/Berlin", minArgs: 1,
			setup: setupHubSpot,
		},
		{
			name: "csv", args: "SOURCE... --mapping FILE", what: "any CRM's CSV or XLSX files",
			long: `Read the CSV or XLSX files of any CRM — given one by one, as a folder, or as
a ZIP — as a mapping file describes them: for each record of the portfolio,
which file, which column or constant gives each field, value maps and date
formats. docs/import-mapping.md has the format and a worked example
(examples/mapping).`,
			example: "examples/mapping/export", flags: " --mapping examples/mapping/mapping.toml", minArgs: 1,
			setup: setupMapping,
		},
	}
}

func setupMapping(cmd *cobra.Command) convertFunc {
	var file string
	cmd.Flags().StringVar(&file, "mapping", "", "the mapping file that describes the files (required)")
	return func(srcs []string, out string, progress func(done, total int64)) (*crm.Report, error) {
		if file == "" {
			return nil, usageError{fmt.Errorf("give the mapping file with --mapping FILE (see docs/import-mapping.md)")}
		}
		m, err := mapping.Load(file)
		if err != nil {
			return nil, err
		}
		return mapping.Convert(srcs, m, out, mapping.Options{Progress: progress})
	}
}

func setupHubSpot(cmd *cobra.Command) convertFunc {
	var zone, file string
	var domains []string
	cmd.Flags().StringVar(&zone, "timezone", "UTC", "the time zone of the export's date-times (an IANA name such as Europe/Berlin)")
	cmd.Flags().StringVar(&file, "mapping", "", "a mapping file whose [labels] name columns in another language and whose [owners] give owners' emails")
	cmd.Flags().StringSliceVar(&domains, "our-domain", nil, "an email domain of our people, besides those of the owners (repeat it, or separate with commas)")
	return func(srcs []string, out string, progress func(done, total int64)) (*crm.Report, error) {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			return nil, usageError{fmt.Errorf("--timezone %s: not a time zone: give an IANA name such as Europe/Berlin or America/New_York", zone)}
		}
		o := hubspot.Options{Progress: progress, Location: loc, OurDomains: domains}
		if file != "" {
			m, err := mapping.Load(file)
			if err != nil {
				return nil, err
			}
			o.Labels, o.Owners = m.Labels, m.Owners
		}
		return hubspot.Convert(srcs, out, o)
	}
}

func (im importer) cobraArgs() cobra.PositionalArgs {
	if im.maxArgs == 0 {
		return cobra.MinimumNArgs(im.minArgs)
	}
	return cobra.RangeArgs(im.minArgs, im.maxArgs)
}

func newConvert(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "convert salesforce|hubspot|csv|mail|calendar SOURCE...",
		Short: "Turn a CRM export, mail or calendars into portfolio files",
		Long: `Convert reads a CRM's own export (salesforce, hubspot, or csv with a mapping
file) and writes a portfolio folder (accounts.csv, team.csv, activities.csv,
revenue.csv) that 'slcs classify DIR' and 'slcs import DIR' read; or reads
the team's mailboxes or calendars (mail, calendar) and writes the activities
of a portfolio's accounts. It says what it read, wrote and left out, and why.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	for _, im := range importers() {
		cmd.AddCommand(newConvertFrom(e, im))
	}
	cmd.AddCommand(newConvertEngage(e, false), newConvertEngage(e, true))
	return cmd
}

func newConvertFrom(e *env, im importer) *cobra.Command {
	var out string
	var dry bool
	var convert convertFunc
	cmd := &cobra.Command{
		Use:   im.name + " " + im.args + " --out DIR",
		Short: "Turn " + im.what + " into a portfolio folder",
		Long: im.long + `

It writes a portfolio folder, all or nothing, and reports what it read,
wrote and left out. --dry-run reports the same and writes nothing.`,
		Example: fmt.Sprintf("  slcs convert %s %s%s --out portfolio\n  slcs convert %s %s%s --dry-run",
			im.name, im.example, im.flags, im.name, im.example, im.flags),
		Args: args(im.cobraArgs()),
		RunE: func(cmd *cobra.Command, a []string) error {
			if out == "" && !dry {
				return usageError{fmt.Errorf("give the folder to write with --out DIR, or --dry-run")}
			}
			if dry {
				out = ""
			}
			rep, err := runConvert(e, convert, a, out)
			if err != nil {
				return err
			}
			writeReport(e.stdout, rep, "ROWS")
			if out != "" {
				fmt.Fprintf(e.stdout, "Wrote the portfolio into %s: classify it with 'slcs classify %s'.\n", out, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the portfolio folder to write (created if missing)")
	cmd.Flags().BoolVar(&dry, "dry-run", false, "report what would be written, and write nothing")
	convert = im.setup(cmd)
	return cmd
}

// runConvert converts with a progress bar on a terminal.
func runConvert(e *env, convert convertFunc, srcs []string, out string) (*crm.Report, error) {
	var progress func(done, total int64)
	if e.stderrTTY {
		bar := newBar(e.stderr, "Converting")
		progress = func(done, total int64) { bar.ChangeMax64(total); bar.Set64(done) }
		defer bar.Clear()
	}
	return convert(srcs, out, progress)
}

func newImportFrom(e *env, im importer) *cobra.Command {
	var db string
	var dry, replace bool
	var convert convertFunc
	cmd := &cobra.Command{
		Use:   im.name + " " + im.args,
		Short: "Load " + im.what + " into the workspace",
		Long: im.long + `

The export is converted (see 'slcs convert ` + im.name + `') and loaded into the
workspace, all or nothing, as 'slcs import DIR' does. --dry-run reports what
would be imported and changes nothing.`,
		Example: fmt.Sprintf("  slcs import %s %s%s\n  slcs import %s %s%s --dry-run",
			im.name, im.example, im.flags, im.name, im.example, im.flags),
		Args: args(im.cobraArgs()),
		RunE: func(cmd *cobra.Command, a []string) error {
			if dry {
				rep, err := runConvert(e, convert, a, "")
				if err != nil {
					return err
				}
				writeReport(e.stdout, rep, "ROWS")
				fmt.Fprintln(e.stdout, "Dry run: nothing was imported.")
				return nil
			}
			dir, err := os.MkdirTemp("", "slcs-"+im.name+"-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			rep, err := runConvert(e, convert, a, dir)
			if err != nil {
				return err
			}
			writeReport(e.stdout, rep, "ROWS")
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
			if err := audit(ctx, st, "import", im.name+" "+strings.Join(a, " "), counts.String()); err != nil {
				return err
			}
			printCounts(e.stdout, dbLocation(db), counts)
			return nil
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().BoolVar(&dry, "dry-run", false, "report what would be imported, and import nothing")
	cmd.Flags().BoolVar(&replace, "replace", false, "replace the whole portfolio of the workspace")
	convert = im.setup(cmd)
	return cmd
}

// writeReport says what a conversion read, wrote and left out.
// unit names what was read: ROWS, MESSAGES, MEETINGS.
func writeReport(w io.Writer, r *crm.Report, unit string) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "READ\t"+unit)
	for _, f := range sortedKeys(r.Read) {
		fmt.Fprintf(tw, "%s\t%s\n", f, report.Thousands(r.Read[f]))
	}
	fmt.Fprintln(tw, "\nWRITTEN\tRECORDS")
	for _, f := range sortedKeys(r.Written) {
		fmt.Fprintf(tw, "%s\t%s\n", f, report.Thousands(r.Written[f]))
	}
	tw.Flush()
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nWRITTEN WITH SOMETHING LEFT OUT")
		writeSkips(w, r.Notes, "written")
	}
	if len(r.Skipped) == 0 {
		fmt.Fprintln(w, "\nNothing was left out.")
		return
	}
	fmt.Fprintln(w, "\nLEFT OUT")
	writeSkips(w, r.Skipped, "skipped")
}

func writeSkips(w io.Writer, list []crm.Skip, verb string) {
	for _, s := range list {
		var ex []string
		for _, x := range s.Examples {
			ex = append(ex, fmt.Sprintf("%s line %d", x.File, x.Line))
		}
		fmt.Fprintf(w, "%s: %s %s: %s", s.File, report.Thousands(s.Count), verb, s.Reason)
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
