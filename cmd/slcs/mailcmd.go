package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/atomicfile"
	"github.com/slcs/slcs/calendar"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/engage"
	"github.com/slcs/slcs/mailbox"
	"github.com/slcs/slcs/portfolio"
	"github.com/slcs/slcs/report"
	"github.com/slcs/slcs/workspace"
)

// engageFlags are the flags of slcs convert|import mail|calendar.
type engageFlags struct {
	calendar     bool
	convert      bool // slcs convert: the file written may keep subjects
	format       string
	until        string
	zone         string
	keepSubjects bool
	config       string
	dry          bool
}

func (f *engageFlags) add(cmd *cobra.Command) {
	if f.calendar {
		cmd.Flags().StringVar(&f.until, "until", "", "expand open-ended recurring meetings up to this date, YYYY-MM-DD (default today)")
		cmd.Flags().StringVar(&f.zone, "timezone", "UTC", "the time zone of meeting times written without one (an IANA name such as Europe/Berlin)")
	} else {
		cmd.Flags().StringVar(&f.format, "format", "mboxrd", "the mbox variant: mboxrd, mboxo, or mboxcl (Content-Length, also mboxcl2)")
	}
	if f.convert {
		cmd.Flags().BoolVar(&f.keepSubjects, "keep-subjects", false, "keep the subjects (in a subject column); by default only addresses, dates, directions and durations are kept")
	}
	cmd.Flags().StringVar(&f.config, "config", "", "a settings file whose [people] give our domains and the free-mail domains")
	cmd.Flags().BoolVar(&f.dry, "dry-run", false, "report what would be written, and write nothing")
}

func (f *engageFlags) what() string {
	if f.calendar {
		return "calendar"
	}
	return "mail"
}

// directoryOptions are the settings' people, free-mail domains by default
// when the settings have none (settings saved before there were any).
func directoryOptions(s slcs.Settings) engage.Options {
	o := engage.Options{OurDomains: s.People.OurDomains, FreeMailDomains: s.People.FreeMailDomains}
	if o.FreeMailDomains == nil {
		o.FreeMailDomains = slcs.DefaultFreeMailDomains
	}
	return o
}

// run reads the mailboxes or calendars at srcs and writes activities.csv
// to out.
func (f *engageFlags) run(e *env, d *engage.Directory, srcs []string, out io.Writer) (*engage.Report, error) {
	match := engage.IsMailbox
	if f.calendar {
		match = engage.IsCalendar
	}
	in, err := engage.FindInputs(srcs, match)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	if len(in.Files) == 0 {
		return nil, fmt.Errorf("no %s files in %s: give .mbox or .ics files, folders or zip files that hold them", f.what(), strings.Join(srcs, ", "))
	}
	progress := func(int64) {}
	if e.stderrTTY {
		bar := newBar(e.stderr, "Reading "+f.what())
		bar.ChangeMax64(in.Size())
		progress = func(n int64) { bar.Set64(n) }
		defer bar.Clear()
	}
	w := engage.NewWriter(d, out, f.keepSubjects)
	if f.calendar {
		err = f.readCalendars(w, in, progress)
	} else {
		err = f.readMail(w, in, progress)
	}
	if err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("writing activities.csv: %w", err)
	}
	return w.Report(), nil
}

func addresses(list []mailbox.Address) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, a.Email)
	}
	return out
}

func (f *engageFlags) readMail(w *engage.Writer, in *engage.Inputs, progress func(int64)) error {
	format, err := mailbox.ParseFormat(f.format)
	if err != nil {
		return usageError{fmt.Errorf("--format: %w", err)}
	}
	var base int64
	for _, file := range in.Files {
		rc, err := file.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", file.Name, err)
		}
		r := mailbox.NewReader(rc, format)
		var n int
		for {
			m, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rc.Close()
				return fmt.Errorf("%s: %w", file.Name, err)
			}
			w.Mail(engage.Mail{File: file.Name, Line: m.Line, MessageID: m.MessageID, Date: m.Date,
				From: addresses(m.From), To: addresses(m.To), Cc: addresses(m.Cc), Subject: m.Subject,
				Bulk: m.Bulk(), Labels: m.Labels})
			if n++; n%1024 == 0 {
				progress(base + r.Offset())
			}
		}
		rc.Close()
		base += file.Size
		progress(base)
	}
	return nil
}

func (f *engageFlags) readCalendars(w *engage.Writer, in *engage.Inputs, progress func(int64)) error {
	until := time.Now()
	if f.until != "" {
		d, err := time.Parse("2006-01-02", f.until)
		if err != nil {
			return usageError{fmt.Errorf("--until %s: want a date YYYY-MM-DD", f.until)}
		}
		until = d
	}
	loc, err := time.LoadLocation(f.zone)
	if err != nil {
		return usageError{fmt.Errorf("--timezone %s: not a time zone: give an IANA name such as Europe/Berlin", f.zone)}
	}
	// the end of the day given, in the zone of the meetings
	until = time.Date(until.Year(), until.Month(), until.Day(), 23, 59, 59, 0, loc)
	cal := calendar.New(calendar.Options{Until: until, Location: loc})
	var base int64
	for _, file := range in.Files {
		rc, err := file.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", file.Name, err)
		}
		err = cal.Add(file.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
		base += file.Size
		progress(base)
	}
	occs, err := cal.Occurrences()
	if err != nil {
		return err
	}
	w.Report().Events = cal.Read()
	w.Report().Unit = "MEETINGS"
	for _, o := range occs {
		m := engage.Meeting{File: o.File, Line: o.Line, UID: o.UID, Start: o.Start, End: o.End, AllDay: o.AllDay, Subject: o.Summary}
		if o.Organizer != nil {
			m.Organizer = o.Organizer.Email
		}
		for _, a := range o.Attendees {
			m.Attendees = append(m.Attendees, a.Email)
		}
		w.Meeting(m)
	}
	rep := w.Report()
	for _, s := range cal.Skipped() {
		file := ""
		if len(s.Examples) > 0 {
			file = s.Examples[0].File
		}
		g := crm.Skip{File: file, Reason: s.Reason, Count: s.Count}
		for _, x := range s.Examples {
			g.Examples = append(g.Examples, crm.Example{File: x.File, Line: x.Line})
		}
		rep.Skipped = append(rep.Skipped, g)
	}
	return nil
}

// writeEngageReport says what was read, written, left out and matched.
func writeEngageReport(w io.Writer, rep *engage.Report, d *engage.Directory) {
	unit := "MESSAGES"
	if rep.Unit != "" {
		unit = rep.Unit
	}
	writeReport(w, rep.Report, unit)
	if rep.Events > 0 {
		fmt.Fprintf(w, "\n%s calendar events read, giving %s meetings (each occurrence of a recurring event is one).\n",
			report.Thousands(rep.Events), report.Thousands(rep.Meetings()))
	}
	fmt.Fprintf(w, "\nOur domains: %s\n", strings.Join(d.OurDomains(), ", "))
	if top := engage.Top(rep.Matched, 10); len(top) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ACCOUNTS MATCHED MOST\tACTIVITIES")
		for _, id := range top {
			label := id
			if n := d.Name(id); n != "" && n != id {
				label += " (" + n + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\n", label, report.Thousands(rep.Matched[id]))
		}
		tw.Flush()
	}
	if top := engage.Top(rep.Unmatched, 10); len(top) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CLIENT DOMAINS NOT MATCHED\tMESSAGES/MEETINGS")
		for _, dom := range top {
			fmt.Fprintf(tw, "%s\t%s\n", dom, report.Thousands(rep.Unmatched[dom]))
		}
		tw.Flush()
		fmt.Fprintln(w, "Add a domain to its account's domains (accounts.csv) to count these, or to people.our_domains if it is ours.")
	}
}

func newConvertEngage(e *env, calendarKind bool) *cobra.Command {
	f := &engageFlags{calendar: calendarKind, convert: true}
	var dir, out string
	what, files, example := "mailboxes", "FILE.mbox|DIR|ZIP...", "slcs convert mail ~/Mail/Inbox.mbox takeout.zip --portfolio portfolio --out portfolio/activities.csv"
	if calendarKind {
		what, files, example = "calendars", "FILE.ics|DIR|ZIP...", "slcs convert calendar team-calendars/ --portfolio portfolio --out portfolio/activities.csv --until 2026-12-31"
	}
	cmd := &cobra.Command{
		Use:   f.what() + " " + files + " --portfolio DIR --out FILE",
		Short: "Turn " + what + " into the activities of a portfolio's accounts",
		Long: "Read " + what + ` and write activities.csv: one activity per message or meeting
and account it involves, keeping only addresses, dates, directions and
durations. The accounts (and their domains) and the team come from the
portfolio folder DIR. docs/import-mail-calendar.md says what is read and how.`,
		Example: "  " + example,
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if dir == "" {
				return usageError{errors.New("give the portfolio folder whose accounts and team to match with --portfolio DIR")}
			}
			if out == "" && !f.dry {
				return usageError{errors.New("give the file to write with --out FILE (for example DIR/activities.csv), or --dry-run")}
			}
			s, err := loadSettings(f.config)
			if err != nil {
				return err
			}
			d, err := engage.FolderDirectory(dir, directoryOptions(s))
			if err != nil {
				return err
			}
			var batch atomicfile.Batch
			w := io.Writer(io.Discard)
			if !f.dry {
				if w, err = batch.Create(out); err != nil {
					return err
				}
			}
			rep, err := f.run(e, d, a, w)
			if err != nil {
				batch.Abort()
				return err
			}
			if !f.dry {
				if err := batch.Commit(); err != nil {
					return err
				}
			}
			writeEngageReport(e.stdout, rep, d)
			if !f.dry {
				fmt.Fprintf(e.stdout, "Wrote %s.\n", out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "portfolio", "", "the portfolio folder whose accounts.csv and team.csv say whose the addresses are")
	cmd.Flags().StringVar(&out, "out", "", "the activities file to write")
	f.add(cmd)
	return cmd
}

func newImportEngage(e *env, calendarKind bool) *cobra.Command {
	f := &engageFlags{calendar: calendarKind}
	var db string
	what, files := "mailboxes", "FILE.mbox|DIR|ZIP..."
	if calendarKind {
		what, files = "calendars", "FILE.ics|DIR|ZIP..."
	}
	cmd := &cobra.Command{
		Use:   f.what() + " " + files,
		Short: "Load the activities of " + what + " into the workspace",
		Long: "Read " + what + ` and add one activity per message or meeting and account it
involves to the workspace, matching addresses to the workspace's accounts
(their domains) and team. Only addresses, dates, directions and durations
are kept. Importing the same mail or meetings again changes nothing.
docs/import-mail-calendar.md says what is read and how.`,
		Example: "  slcs import " + f.what() + " " + map[bool]string{false: "takeout.zip ~/Mail/Sent.mbox", true: "calendar.ics --until 2026-12-31"}[calendarKind],
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			ctx := cmd.Context()
			st, err := openWorkspace(ctx, db, false)
			if err != nil {
				return err
			}
			defer st.Close()
			s, err := engageSettings(ctx, st, f.config)
			if err != nil {
				return err
			}
			d, err := workspaceDirectory(ctx, st, directoryOptions(s))
			if err != nil {
				return err
			}
			tmp, err := os.MkdirTemp("", "slcs-"+f.what()+"-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(tmp)
			path := filepath.Join(tmp, "activities.csv")
			out := io.Writer(io.Discard)
			var file *os.File
			if !f.dry {
				if file, err = os.Create(path); err != nil {
					return err
				}
				defer file.Close()
				out = file
			}
			rep, err := f.run(e, d, a, out)
			if err != nil {
				return err
			}
			writeEngageReport(e.stdout, rep, d)
			if f.dry {
				fmt.Fprintln(e.stdout, "Dry run: nothing was imported.")
				return nil
			}
			if err := file.Close(); err != nil {
				return err
			}
			o := portfolio.Options{Settings: s, Today: slcs.DayOf(time.Now())}
			counts, err := importWithRetry(ctx, st, portfolio.ImportSource{Files: map[string]string{"activities": path}}, false, o, func() func() { return func() {} })
			if err != nil {
				return err
			}
			if err := audit(ctx, st, "import", f.what()+" "+strings.Join(a, " "), counts.String()); err != nil {
				return err
			}
			printCounts(e.stdout, dbLocation(db), counts)
			return nil
		},
	}
	dbFlag(cmd, &db)
	f.add(cmd)
	return cmd
}

// engageSettings are the settings of a file, else those saved in the
// workspace, else the defaults.
func engageSettings(ctx context.Context, st workspace.Store, file string) (slcs.Settings, error) {
	if file != "" {
		return loadSettings(file)
	}
	s, ok, err := st.Settings(ctx)
	if err != nil || !ok {
		return slcs.DefaultSettings(), err
	}
	return s, nil
}

// workspaceDirectory builds the directory of the workspace's accounts and
// team.
func workspaceDirectory(ctx context.Context, st workspace.Store, o engage.Options) (*engage.Directory, error) {
	var accounts []engage.Account
	var team []string
	err := st.ReadPortfolio(ctx, func(r workspace.PortfolioReader) error {
		if err := r.Accounts(func(a *workspace.AccountRow) error {
			accounts = append(accounts, engage.Account{ID: a.ID, Name: a.Name, Domains: strings.Split(a.Domains, ";")})
			return nil
		}); err != nil {
			return err
		}
		return r.Team(func(t *workspace.TeamRow) error {
			team = append(team, t.Email)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	if len(accounts) == 0 {
		return nil, errors.New("the workspace has no accounts to match the addresses to: import a portfolio first (slcs import DIR)")
	}
	return engage.NewDirectory(accounts, team, o), nil
}
