// Package portfolio reads a portfolio folder (the canonical CSV input of
// docs/portfolio-format.md) into the model. It checks every rule of the
// format and reports each break with its file, line and column. Files are
// streamed: the activity and revenue files can be far larger than memory.
package portfolio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// The files of a portfolio.
const (
	AccountsFile   = "accounts.csv"
	TeamFile       = "team.csv"
	ActivitiesFile = "activities.csv"
	RevenueFile    = "revenue.csv"
)

// Options say how to read a portfolio.
type Options struct {
	Settings slcs.Settings
	// AsOf is the as-of date when HasAsOf; otherwise it is found by the
	// rule of AsOf, with Today as today's UTC date.
	AsOf    slcs.Day
	HasAsOf bool
	Today   slcs.Day
	// SkipInvalid skips bad rows (reporting each in the Summary) instead of
	// refusing the portfolio.
	SkipInvalid bool
	// Progress, when set, is called now and then with the bytes read so far
	// and the bytes to read in all.
	Progress func(done, total int64)
}

// Summary tells what was read.
type Summary struct {
	Accounts    int
	Team        int
	Activities  int // valid activity rows (any date)
	RevenueRows int // valid revenue rows (any month)
	AsOf        slcs.Day
	AsOfRule    AsOfRule
	Skipped     []*RowError // with SkipInvalid: every bad row, by file and line
}

// maxProblems is how many problems a refused portfolio reports.
const maxProblems = 10

// Load reads the portfolio in dir and returns a builder holding it, ready to
// classify.
func Load(dir string, o Options) (*model.Builder, *Summary, error) {
	l := &loader{dir: dir, o: o, sum: &Summary{}}
	b, err := l.load()
	if err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(l.sum.Skipped, func(a, b *RowError) int {
		if a.File != b.File {
			return fileRank(a.File) - fileRank(b.File)
		}
		return a.Line - b.Line
	})
	return b, l.sum, nil
}

func fileRank(path string) int {
	switch filepath.Base(path) {
	case AccountsFile:
		return 0
	case TeamFile:
		return 1
	case ActivitiesFile:
		return 2
	}
	return 3
}

type loader struct {
	dir      string
	o        Options
	sum      *Summary
	problems []*RowError
	more     int

	accounts []model.Account
	domains  []string // of each account, for the workspace
	index    map[string]int32
	known    map[string]bool // accounts of the workspace an import adds to
	team     []teamMember
	paths    map[string]string // file name -> path, when not dir/name

	done, total int64
}

type teamMember struct {
	email    string
	name     string
	capacity float64
	given    bool // capacity_hours was given
}

func (l *loader) path(name string) string {
	if p, ok := l.paths[name]; ok {
		return p
	}
	return filepath.Join(l.dir, name)
}

// account finds an account of the portfolio (or of the workspace an import
// adds to, with index -1).
func (l *loader) account(id []byte) (int32, bool) {
	if i, ok := l.index[string(id)]; ok {
		return i, true
	}
	if l.known[string(id)] {
		return -1, true
	}
	return 0, false
}

func (l *loader) unknownAccount() string {
	if l.known != nil {
		return "no account in accounts.csv or in the workspace has this account_id"
	}
	return "no account in accounts.csv has this account_id"
}

// problem records a bad row: skipped, or one more reason to refuse.
func (l *loader) problem(e *RowError) {
	if l.o.SkipInvalid {
		l.sum.Skipped = append(l.sum.Skipped, e)
		return
	}
	if len(l.problems) < maxProblems {
		l.problems = append(l.problems, e)
	} else {
		l.more++
	}
}

// failed returns the error refusing the portfolio, if any problem was found.
func (l *loader) failed() error {
	if len(l.problems) == 0 {
		return nil
	}
	slices.SortStableFunc(l.problems, func(a, b *RowError) int { return a.Line - b.Line })
	return &InputError{Problems: l.problems, More: l.more}
}

func (l *loader) load() (*model.Builder, error) {
	if fi, err := os.Stat(l.dir); err != nil || !fi.IsDir() {
		return nil, &InputError{Problems: []*RowError{{File: l.dir, Rule: "not a portfolio folder: give the folder that holds accounts.csv (and optionally team.csv, activities.csv, revenue.csv)"}}}
	}
	l.total = l.size(AccountsFile) + l.size(TeamFile) + l.size(ActivitiesFile) + l.size(RevenueFile)
	if !l.o.HasAsOf {
		l.total += l.size(ActivitiesFile)
	}
	if err := l.readAccounts(); err != nil {
		return nil, err
	}
	if err := l.readTeam(); err != nil {
		return nil, err
	}

	s := l.o.Settings
	if l.o.HasAsOf {
		b, err := l.builder(s, l.o.AsOf)
		if err != nil {
			return nil, err
		}
		st := &activityScan{validate: true, aggregate: true}
		if err := l.scanActivities(st, toBuilder(b)); err != nil {
			return nil, err
		}
		if st.dups > 0 {
			// duplicates (skipped) are only known after the pass that
			// added them: add the activities again without them
			if b, err = l.builder(s, l.o.AsOf); err != nil {
				return nil, err
			}
			if err := l.scanActivities(&activityScan{aggregate: true, skip: st.badLines}, toBuilder(b)); err != nil {
				return nil, err
			}
		}
		l.sum.AsOf, l.sum.AsOfRule = l.o.AsOf, AsOfGiven
		return b, l.readRevenue(b)
	}

	// a first pass checks every row and finds the latest activity date
	st := &activityScan{validate: true, latest: true}
	if err := l.scanActivities(st, nil); err != nil {
		return nil, err
	}
	if st.dups > 0 { // a skipped duplicate may have had the latest date
		again := &activityScan{latest: true, skip: st.badLines}
		if err := l.scanActivities(again, nil); err != nil {
			return nil, err
		}
		st.latestDay, st.hasLatest = again.latestDay, again.hasLatest
	}
	var latestMonth slcs.Month
	var hasRevenue bool
	if !st.hasLatest {
		var err error
		if latestMonth, hasRevenue, err = l.latestRevenueMonth(); err != nil {
			return nil, err
		}
	}
	asOf, rule := AsOf(st.latestDay, st.hasLatest, latestMonth, hasRevenue, l.o.Today)
	b, err := l.builder(s, asOf)
	if err != nil {
		return nil, err
	}
	if err := l.scanActivities(&activityScan{aggregate: true, skip: st.badLines}, toBuilder(b)); err != nil {
		return nil, err
	}
	l.sum.AsOf, l.sum.AsOfRule = asOf, rule
	return b, l.readRevenue(b)
}

func (l *loader) builder(s slcs.Settings, asOf slcs.Day) (*model.Builder, error) {
	b, err := model.NewBuilder(s, asOf)
	if err != nil {
		return nil, err
	}
	for _, a := range l.accounts {
		b.AddAccount(a)
	}
	for _, t := range l.team {
		b.AddTeamMember(t.email, t.capacity)
	}
	return b, nil
}

func (l *loader) size(name string) int64 {
	fi, err := os.Stat(l.path(name))
	if err != nil {
		return 0
	}
	return fi.Size()
}

// table is one open CSV file with its header mapped to canonical columns.
type table struct {
	path string
	f    *os.File
	r    *csvReader
	cols []string
	idx  []int // by canonical column: field index, or -1 when absent
	n    int   // fields in the header
	l    *loader
	base int64 // progress already counted before this file
}

// open opens a portfolio file; ok is false when an optional file is absent.
func (l *loader) open(name string, cols, required []string, optional bool) (t *table, ok bool, err error) {
	path := l.path(name)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		if optional {
			return nil, false, nil
		}
		return nil, false, &InputError{Problems: []*RowError{{File: path, Rule: "the file is missing: a portfolio needs " + name}}}
	}
	if err != nil {
		return nil, false, err
	}
	t = &table{path: path, f: f, cols: cols, l: l, base: l.done}
	t.r = newCSVReader(&progressReader{r: f, t: t})
	header, err := t.r.Read()
	if err == io.EOF {
		f.Close()
		return nil, false, &InputError{Problems: []*RowError{{File: path, Line: 1, Rule: errNoHeader.Error()}}}
	}
	if err != nil {
		f.Close()
		var re *RowError
		if errors.As(t.syntaxError(err), &re) {
			return nil, false, &InputError{Problems: []*RowError{re}}
		}
		return nil, false, err
	}
	t.n = len(header)
	t.idx = make([]int, len(cols))
	for i := range t.idx {
		t.idx[i] = -1
	}
	for j, h := range header {
		name := lowerString(trim(h))
		for i, c := range cols {
			if c == name {
				if t.idx[i] >= 0 {
					f.Close()
					return nil, false, &InputError{Problems: []*RowError{{File: path, Line: t.r.recLine, Column: c, Rule: fmt.Sprintf("the column is given twice (fields %d and %d)", t.idx[i]+1, j+1)}}}
				}
				t.idx[i] = j
			}
		}
	}
	for _, c := range required {
		if t.idx[slices.Index(cols, c)] < 0 {
			f.Close()
			return nil, false, &InputError{Problems: []*RowError{{File: path, Line: t.r.recLine, Column: c, Rule: "a required column is missing from the header"}}}
		}
	}
	return t, true, nil
}

func (t *table) Close() error { return t.f.Close() }

// next returns the next record, or io.EOF. A record that breaks the CSV
// syntax or has the wrong number of fields is returned as a *RowError.
func (t *table) next() ([][]byte, error) {
	rec, err := t.r.Read()
	if err != nil {
		return nil, t.syntaxError(err)
	}
	if len(rec) != t.n {
		col := fmt.Sprintf("field %d", t.n+1)
		if len(rec) < t.n {
			col = t.columnName(len(rec))
		}
		return nil, &RowError{File: t.path, Line: t.r.recLine, Column: col,
			Rule: fmt.Sprintf("the record has %d fields but the header has %d", len(rec), t.n)}
	}
	return rec, nil
}

// columnName names field j: its canonical name when it is one.
func (t *table) columnName(j int) string {
	for i, f := range t.idx {
		if f == j {
			return t.cols[i]
		}
	}
	return fmt.Sprintf("field %d", j+1)
}

func (t *table) syntaxError(err error) error {
	var ce *csvError
	if errors.As(err, &ce) {
		return &RowError{File: t.path, Line: ce.line, Column: t.columnName(ce.field), Rule: ce.reason, syntax: true}
	}
	if err == io.EOF {
		return io.EOF
	}
	return fmt.Errorf("%s: %w", t.path, err)
}

// get returns canonical column i of rec, trimmed; nil when absent.
func (t *table) get(rec [][]byte, i int) []byte {
	j := t.idx[i]
	if j < 0 {
		return nil
	}
	return trim(rec[j])
}

func (t *table) bad(col int, rule string, value []byte) *RowError {
	return t.badAt(t.r.recLine, col, rule, value)
}

func (t *table) badAt(line, col int, rule string, value []byte) *RowError {
	return &RowError{File: t.path, Line: line, Column: t.cols[col], Rule: rule, Value: string(value)}
}

// each calls f for every record; syntax errors become problems. It stops
// early when a refused portfolio has enough problems to report.
func (t *table) each(f func(rec [][]byte) *RowError) error {
	for {
		rec, err := t.next()
		if err == io.EOF {
			return nil
		}
		var re *RowError
		if errors.As(err, &re) {
			t.l.problem(re)
			if t.l.stop() {
				return nil
			}
			continue
		}
		if err != nil {
			return err
		}
		if re := f(rec); re != nil {
			t.l.problem(re)
			if t.l.stop() {
				return nil
			}
		}
	}
}

// stop tells a refused portfolio's reading to end: it has enough problems
// to report, and one more to know that there are more.
func (l *loader) stop() bool { return !l.o.SkipInvalid && l.more > 0 }

type progressReader struct {
	r io.Reader
	t *table
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	l := p.t.l
	l.done += int64(n)
	if l.o.Progress != nil && n > 0 {
		l.o.Progress(min(l.done, l.total), l.total)
	}
	return n, err
}

// ---- accounts and team

const (
	acID = iota
	acName
	acOwner
	acIndustry
	acEmployees
	acDomains
)

func (l *loader) readAccounts() error {
	t, _, err := l.open(AccountsFile, []string{"account_id", "name", "owner", "industry", "employees", "domains"},
		[]string{"account_id", "name"}, false)
	if err != nil {
		return err
	}
	defer t.Close()
	l.index = make(map[string]int32)
	err = t.each(func(rec [][]byte) *RowError {
		id := t.get(rec, acID)
		if len(id) == 0 {
			return t.bad(acID, "the account_id is empty", nil)
		}
		a := model.Account{ID: string(id), Name: string(t.get(rec, acName)), Owner: string(t.get(rec, acOwner)),
			Industry: string(t.get(rec, acIndustry))}
		if e := t.get(rec, acEmployees); len(e) > 0 {
			v, ok, tooLarge := parseWhole(e)
			if !ok {
				return t.bad(acEmployees, "employees must be a whole number (digits only)", e)
			}
			if tooLarge {
				return t.bad(acEmployees, "employees is too large", e)
			}
			a.Employees, a.EmployeesGiven = v, true
		}
		if _, dup := l.index[a.ID]; dup {
			return t.bad(acID, "the account_id is used by an earlier row", id)
		}
		l.index[a.ID] = int32(len(l.accounts))
		l.accounts = append(l.accounts, a)
		l.domains = append(l.domains, string(t.get(rec, acDomains)))
		return nil
	})
	if err != nil {
		return err
	}
	l.sum.Accounts = len(l.accounts)
	return l.failed()
}

func (l *loader) readTeam() error {
	const (
		tmEmail = iota
		tmName
		tmCapacity
	)
	t, ok, err := l.open(TeamFile, []string{"email", "name", "capacity_hours"}, []string{"email"}, true)
	if err != nil || !ok {
		return err
	}
	defer t.Close()
	seen := map[string]bool{}
	err = t.each(func(rec [][]byte) *RowError {
		email := t.get(rec, tmEmail)
		if len(email) == 0 {
			return t.bad(tmEmail, "the email is empty", nil)
		}
		m := teamMember{email: lowerString(email), name: string(t.get(rec, tmName)), capacity: l.o.Settings.Time.DefaultCapacity}
		if c := t.get(rec, tmCapacity); len(c) > 0 {
			v, ok, tooLarge := parseNumber(c)
			if !ok || tooLarge {
				return t.bad(tmCapacity, "capacity_hours must be a number of hours (like 120 or 150.5)", c)
			}
			if v <= 0 {
				return t.bad(tmCapacity, "capacity_hours must be > 0", c)
			}
			m.capacity, m.given = float64(v)/1e6, true
		}
		if seen[m.email] {
			return t.bad(tmEmail, "the email is used by an earlier row (emails are compared lower-cased)", email)
		}
		seen[m.email] = true
		l.team = append(l.team, m)
		return nil
	})
	if err != nil {
		return err
	}
	l.sum.Team = len(l.team)
	return l.failed()
}

// AsOfRule says how the as-of date was chosen.
type AsOfRule = model.AsOfRule

// The rules, in the order they are tried.
const (
	AsOfGiven          = model.AsOfGiven
	AsOfLatestActivity = model.AsOfLatestActivity
	AsOfLatestRevenue  = model.AsOfLatestRevenue
	AsOfToday          = model.AsOfToday
)

// AsOf applies the default rule (see model.AsOf).
var AsOf = model.AsOf
