package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/config"
	"github.com/slcs/slcs/model"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
)

type classifyFlags struct {
	db           string
	noHysteresis bool
	format       string
	output       string
	isos         string
	audit        string
	asOf         string
	config       string
	skipInvalid  bool
	noProgress   bool
}

func newClassify(e *env) *cobra.Command {
	var f classifyFlags
	cmd := &cobra.Command{
		Use:   "classify [DIR]",
		Short: "Classify a portfolio folder and report segments, time plans and ISOs",
		Long: `Classify reads the portfolio in DIR (accounts.csv, and optionally team.csv,
activities.csv, revenue.csv), places every account in a segment and prints:
the four segments with their accounts, 12-month revenue and potential; the
leading accounts of each segment; each seller's recommended and actual hours
by segment; and the largest incremental sales opportunities (ISOs).

Output formats (--format):
  text  the report for people (default)
  csv   the classification, one row an account (docs/output.md)
  json  everything, with each account's explanation (docs/output.md)

A portfolio with a bad row is refused: the error names the file, line and
column, the exit status is 1 and nothing is written. --skip-invalid instead
lists every bad row on standard error and classifies the rest.

With no DIR, classify reads the workspace (see 'slcs import'), applies the
overrides in force and the stability margin against the previous snapshot,
prints the same outputs and saves the classification as a new snapshot.`,
		Example: `  slcs classify examples/portfolio
  slcs classify examples/portfolio --format csv -o classification.csv
  slcs classify DIR --as-of 2026-10-31 --isos isos.csv --audit audit.csv
  slcs classify DIR --format json -o result.json --config settings.toml`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				return classifyWorkspace(cmd.Context(), e, f)
			}
			return classify(e, a[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "", "with no DIR: the workspace, a SQLite file or a postgres:// URL (default $SLCS_DB, else ./slcs.db)")
	fl.BoolVar(&f.noHysteresis, "no-hysteresis", false, "with no DIR: classify by the thresholds alone, without the stability margin")
	fl.StringVar(&f.format, "format", "text", "output format: text, csv or json")
	fl.StringVarP(&f.output, "output", "o", "", "write the output to FILE instead of standard output")
	fl.StringVar(&f.isos, "isos", "", "also write the ISO list (CSV) to FILE")
	fl.StringVar(&f.audit, "audit", "", "also write the time audit (CSV) to FILE")
	fl.StringVar(&f.asOf, "as-of", "", "classify as of this date, YYYY-MM-DD (default: the latest activity date not after today)")
	fl.StringVar(&f.config, "config", "", "read settings from this TOML file (see 'slcs config')")
	fl.BoolVar(&f.skipInvalid, "skip-invalid", false, "skip bad rows, listing each on standard error, instead of refusing the portfolio")
	fl.BoolVar(&f.noProgress, "no-progress", false, "do not show a progress bar")
	return cmd
}

// prepare checks the flags shared by both sources and returns the settings
// and the as-of date.
func (f classifyFlags) prepare() (slcs.Settings, slcs.Day, bool, error) {
	switch f.format {
	case "text", "csv", "json":
	default:
		return slcs.Settings{}, 0, false, usageError{fmt.Errorf("--format must be text, csv or json, not %q", f.format)}
	}
	if f.isos == "-" || f.audit == "-" {
		return slcs.Settings{}, 0, false, usageError{fmt.Errorf("--isos and --audit need a file name; only the main output (-o) can go to standard output")}
	}
	settings := slcs.DefaultSettings()
	if f.config != "" {
		s, err := config.Load(f.config)
		if err != nil {
			return settings, 0, false, err
		}
		settings = s
	}
	if f.asOf == "" {
		return settings, 0, false, nil
	}
	t, err := time.Parse("2006-01-02", f.asOf)
	if err != nil {
		return settings, 0, false, usageError{fmt.Errorf("--as-of must be a date YYYY-MM-DD, not %q", f.asOf)}
	}
	return settings, slcs.DayOf(t), true, nil
}

func classify(e *env, dir string, f classifyFlags) error {
	if f.db != "" || f.noHysteresis {
		return usageError{fmt.Errorf("--db and --no-hysteresis are for classifying the workspace: give no DIR")}
	}
	settings, asOf, hasAsOf, err := f.prepare()
	if err != nil {
		return err
	}
	o := portfolio.Options{Settings: settings, Today: slcs.DayOf(time.Now()), SkipInvalid: f.skipInvalid, AsOf: asOf, HasAsOf: hasAsOf}
	var bar *progressbar.ProgressBar
	if e.stderrTTY && !f.noProgress {
		bar = newBar(e.stderr, "Reading portfolio")
		o.Progress = func(done, total int64) {
			bar.ChangeMax64(total)
			bar.Set64(done)
		}
	}
	b, sum, err := portfolio.Load(dir, o)
	if bar != nil {
		bar.Finish()
		bar.Clear()
	}
	if err != nil {
		return refused(err)
	}
	for _, s := range sum.Skipped {
		fmt.Fprintf(e.stderr, "skipped: %v\n", s)
	}
	switch n := len(sum.Skipped); n {
	case 0:
	case 1:
		fmt.Fprintln(e.stderr, "slcs: 1 bad row skipped")
	default:
		fmt.Fprintf(e.stderr, "slcs: %d bad rows skipped\n", n)
	}
	res := b.Classify()
	meta := report.Meta{Source: dir, AsOfRule: sum.AsOfRule.String()}
	for _, s := range sum.Skipped {
		meta.Skipped = append(meta.Skipped, report.SkippedRow{File: s.File, Line: s.Line, Column: s.Column, Rule: s.Rule, Value: s.Value})
	}
	return writeOutputs(e, res, meta, f)
}

// refused explains a portfolio refused for bad input.
func refused(err error) error {
	var ie *portfolio.InputError
	if !errors.As(err, &ie) {
		return err
	}
	hint := "Fix the file and run again."
	if ie.Problems[0].Line > 1 {
		hint = "Fix these rows, or run with --skip-invalid to list every bad row and classify the rest."
	}
	return fmt.Errorf("the portfolio was refused; nothing was written.\n%v\n%s", err, hint)
}

// writeOutputs writes every requested file, all or nothing.
func writeOutputs(e *env, res *model.Result, meta report.Meta, f classifyFlags) error {
	main := func(w io.Writer) error {
		switch f.format {
		case "csv":
			return report.WriteClassificationCSV(w, res)
		case "json":
			return report.WriteJSON(w, res, meta)
		}
		color := f.output == "" && e.stdoutTTY && !noColor()
		return report.WriteText(w, res, meta, report.TextOptions{Color: color})
	}
	var batch atomicfile.Batch
	files := []struct {
		path  string
		write func(io.Writer) error
	}{
		{f.isos, func(w io.Writer) error { return report.WriteISOsCSV(w, res) }},
		{f.audit, func(w io.Writer) error { return report.WriteAuditCSV(w, res) }},
	}
	if f.output != "" && f.output != "-" {
		files = append(files, struct {
			path  string
			write func(io.Writer) error
		}{f.output, main})
	}
	for _, file := range files {
		if file.path == "" {
			continue
		}
		if err := batch.Write(file.path, file.write); err != nil {
			batch.Abort()
			return err
		}
	}
	if err := batch.Commit(); err != nil {
		return err
	}
	if f.output == "" || f.output == "-" {
		return main(e.stdout)
	}
	return nil
}

func noColor() bool {
	_, set := os.LookupEnv("NO_COLOR")
	return set || os.Getenv("TERM") == "dumb"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newBar(w io.Writer, what string) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionClearOnFinish(),
	)
}
