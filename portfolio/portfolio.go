// Package portfolio reads a portfolio folder (the canonical CSV input of
// docs/portfolio-format.md) into the model. It checks every rule of the
// format and reports each break with its file, line and column. Files are
// streamed: the activity and revenue files can be far larger than memory.
package portfolio

import (
	"errors"
	"fmt"
	"hash/maphash"
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
	Accounts     int
	Team         int
	Activities   int // valid activity rows (any date)
	RevenueRows  int // valid revenue rows (any month)
	AsOf         slcs.Day
	AsOfRule     AsOfRule
	Skipped      []*RowError // with SkipInvalid: every bad row, by file and line
	ActivityPass int         // how many times activities.csv was read
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
	index    map[string]int32
	team     []teamMember

	done, total int64
}

type teamMember struct {
	email    string
	capacity float64
}

func (l *loader) path(name string) string { return filepath.Join(l.dir, name) }

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
	asOf, rule := l.o.AsOf, AsOfGiven
	if !l.o.HasAsOf {
		// a first pass finds the latest activity date (and every bad row)
		st := &activityScan{validate: true}
		if err := l.scanActivities(st, nil); err != nil {
			return nil, err
		}
		var latestMonth slcs.Month
		var hasRevenue bool
		if !st.hasLatest {
			latestMonth, hasRevenue, _ = l.latestRevenueMonth()
		}
		asOf, rule = AsOf(st.latest, st.hasLatest, latestMonth, hasRevenue, l.o.Today)
		b, err := l.builder(s, asOf)
		if err != nil {
			return nil, err
		}
		if err := l.scanActivities(&activityScan{aggregate: true, bad: st.badLines}, b); err != nil {
			return nil, err
		}
		l.sum.AsOf, l.sum.AsOfRule = asOf, rule
		return b, l.readRevenue(b)
	}
	b, err := l.builder(s, asOf)
	if err != nil {
		return nil, err
	}
	if err := l.scanActivities(&activityScan{validate: true, aggregate: true}, b); err != nil {
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
		return nil, false, t.syntaxError(err)
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
					return nil, false, &InputError{Problems: []*RowError{{File: path, Line: 1, Column: c, Rule: fmt.Sprintf("the column is given twice (fields %d and %d)", t.idx[i]+1, j+1)}}}
				}
				t.idx[i] = j
			}
		}
	}
	for _, c := range required {
		if t.idx[slices.Index(cols, c)] < 0 {
			f.Close()
			return nil, false, &InputError{Problems: []*RowError{{File: path, Line: 1, Column: c, Rule: "a required column is missing from the header"}}}
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
		return &RowError{File: t.path, Line: ce.line, Column: t.columnName(ce.field), Rule: ce.reason}
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
	return &RowError{File: t.path, Line: t.r.recLine, Column: t.cols[col], Rule: rule, Value: string(value)}
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

func (l *loader) stop() bool { return !l.o.SkipInvalid && len(l.problems) >= maxProblems }

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
		m := teamMember{email: lowerString(email), capacity: l.o.Settings.Time.DefaultCapacity}
		if c := t.get(rec, tmCapacity); len(c) > 0 {
			v, ok, tooLarge := parseNumber(c)
			if !ok || tooLarge {
				return t.bad(tmCapacity, "capacity_hours must be a number of hours (like 120 or 150.5)", c)
			}
			if v <= 0 {
				return t.bad(tmCapacity, "capacity_hours must be > 0", c)
			}
			m.capacity = float64(v) / 1e6
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

// ---- activities

const (
	atID = iota
	atAccount
	atDate
	atType
	atDirection
	atOurs
	atTheirs
	atMinutes
)

var activityCols = []string{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"}

// activityScan is one pass over activities.csv.
type activityScan struct {
	validate  bool // check every rule, find duplicates and the latest date
	aggregate bool // add the activities to the builder
	// bad holds the lines of rows found bad by an earlier validating pass
	bad      map[int]bool
	badLines map[int]bool

	latest    slcs.Day
	hasLatest bool
}

func (l *loader) scanActivities(st *activityScan, b *model.Builder) error {
	t, ok, err := l.open(ActivitiesFile, activityCols, []string{"activity_id", "account_id", "date", "our_people"}, true)
	if err != nil || !ok {
		return err
	}
	defer t.Close()
	if st.validate {
		st.badLines = map[int]bool{}
	}
	ids := newIDSet()
	var pending []pendingActivity
	var act model.Activity
	var oursBuf, theirsBuf []byte
	today := l.o.Today
	count := 0
	err = t.each(func(rec [][]byte) *RowError {
		line := t.r.recLine
		if st.bad[line] {
			return nil
		}
		re := l.parseActivity(t, rec, &act, st.validate)
		if re != nil {
			if st.badLines != nil {
				st.badLines[line] = true
			}
			return re
		}
		if st.aggregate {
			oursBuf, act.Ours = splitPeople(t.get(rec, atOurs), oursBuf, act.Ours)
			theirsBuf, act.Theirs = splitPeople(t.get(rec, atTheirs), theirsBuf, act.Theirs)
		}
		if st.validate {
			id := t.get(rec, atID)
			if ids.add(id) {
				// the same hash as an earlier id: decide after the pass
				p := pendingActivity{line: line, id: string(id), day: act.Day}
				if st.aggregate {
					p.act = cloneActivity(&act)
				}
				pending = append(pending, p)
				return nil
			}
			count++
			if act.Day <= today && (!st.hasLatest || act.Day > st.latest) {
				st.latest, st.hasLatest = act.Day, true
			}
		} else {
			count++
		}
		if st.aggregate {
			b.AddActivity(&act)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		if err := l.resolveDuplicates(t.path, pending, st, b, &count); err != nil {
			return err
		}
	}
	l.sum.Activities = count
	l.sum.ActivityPass++
	return l.failed()
}

// parseActivity checks one row (when validate) and fills act.
func (l *loader) parseActivity(t *table, rec [][]byte, act *model.Activity, validate bool) *RowError {
	id := t.get(rec, atID)
	if validate && len(id) == 0 {
		return t.bad(atID, "the activity_id is empty", nil)
	}
	acct := t.get(rec, atAccount)
	idx, ok := l.index[string(acct)]
	if !ok {
		return t.bad(atAccount, "no account in accounts.csv has this account_id", acct)
	}
	act.Account = idx
	d := t.get(rec, atDate)
	day, ok := parseDate(d)
	if !ok {
		return t.bad(atDate, "the date must be YYYY-MM-DD or an RFC 3339 date-time such as 2026-03-04T09:30:00+01:00", d)
	}
	act.Day = day
	typ := t.get(rec, atType)
	switch {
	case len(typ) == 0 || equalFold(typ, "other"):
		act.Type = slcs.Other
	case equalFold(typ, "email"):
		act.Type = slcs.Email
	case equalFold(typ, "call"):
		act.Type = slcs.Call
	case equalFold(typ, "meeting"):
		act.Type = slcs.Meeting
	default:
		return t.bad(atType, "the type must be email, call, meeting or other (or empty)", typ)
	}
	dir := t.get(rec, atDirection)
	switch {
	case len(dir) == 0 || equalFold(dir, "outbound"):
		act.Inbound = false
	case equalFold(dir, "inbound"):
		act.Inbound = true
	default:
		return t.bad(atDirection, "the direction must be inbound or outbound (or empty)", dir)
	}
	if validate && !hasPerson(t.get(rec, atOurs)) {
		return t.bad(atOurs, "our_people must name at least one of our people", t.get(rec, atOurs))
	}
	act.Minutes = -1
	if m := t.get(rec, atMinutes); len(m) > 0 {
		v, ok, tooLarge := parseNumber(m)
		if !ok || tooLarge {
			return t.bad(atMinutes, "minutes must be a number (like 30 or 12.5)", m)
		}
		if v < 0 {
			return t.bad(atMinutes, "minutes must be >= 0", m)
		}
		act.Minutes = v
	}
	return nil
}

type pendingActivity struct {
	line int
	id   string
	day  slcs.Day
	act  *model.Activity // when the pass aggregates
}

func cloneActivity(a *model.Activity) *model.Activity {
	c := *a
	c.Ours = cloneItems(a.Ours)
	c.Theirs = cloneItems(a.Theirs)
	return &c
}

func cloneItems(items [][]byte) [][]byte {
	out := make([][]byte, len(items))
	for i, it := range items {
		out[i] = append([]byte(nil), it...)
	}
	return out
}

// resolveDuplicates decides, for each row whose id hashed like an earlier
// one, whether an earlier valid row really has the same id. It reads the
// file once more, only when there are such rows.
func (l *loader) resolveDuplicates(path string, pending []pendingActivity, st *activityScan, b *model.Builder, count *int) error {
	want := map[string]int{} // id -> first line of a valid row with it
	for _, p := range pending {
		want[p.id] = 0
	}
	t, _, err := l.open(ActivitiesFile, activityCols, nil, true)
	if err != nil {
		return err
	}
	defer t.Close()
	l.done -= l.size(ActivitiesFile) // a re-read is not progress
	var act model.Activity
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue // reported by the main pass
		}
		id := string(t.get(rec, atID))
		first, ok := want[id]
		if !ok || first != 0 {
			continue
		}
		if st.badLines[t.r.recLine] || l.parseActivity(t, rec, &act, true) != nil {
			continue
		}
		want[id] = t.r.recLine
	}
	for _, p := range pending {
		if first := want[p.id]; first != 0 && first < p.line {
			st.badLines[p.line] = true
			l.problem(&RowError{File: path, Line: p.line, Column: "activity_id",
				Rule: fmt.Sprintf("the activity_id is used by an earlier row (line %d)", first), Value: p.id})
			continue
		}
		*count++
		if p.act != nil && b != nil {
			b.AddActivity(p.act)
		}
		if d := p.day; d <= l.o.Today && (!st.hasLatest || d > st.latest) {
			st.latest, st.hasLatest = d, true
		}
	}
	return nil
}

// idSet remembers the 64-bit hashes of the activity ids seen, 8 bytes an
// id; a hash seen before is only a candidate duplicate, decided exactly by
// resolveDuplicates.
type idSet struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

func newIDSet() *idSet { return &idSet{seed: maphash.MakeSeed(), slots: make([]uint64, 1<<16)} }

// add records id and reports whether its hash was there already.
func (s *idSet) add(id []byte) bool {
	h := maphash.Bytes(s.seed, id) | 1 // 0 marks an empty slot
	if s.n*4 >= len(s.slots)*3 {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			s.n++
			return false
		case h:
			return true
		}
	}
}

func (s *idSet) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
}

// ---- revenue

const (
	rvAccount = iota
	rvProduct
	rvMonth
	rvAmount
)

var revenueCols = []string{"account_id", "product", "month", "amount"}

// parseRevenue checks one revenue row.
func (l *loader) parseRevenue(t *table, rec [][]byte) (idx int32, product []byte, m slcs.Month, micros int64, re *RowError) {
	acct := t.get(rec, rvAccount)
	idx, ok := l.index[string(acct)]
	if !ok {
		return 0, nil, 0, 0, t.bad(rvAccount, "no account in accounts.csv has this account_id", acct)
	}
	product = t.get(rec, rvProduct)
	if len(product) == 0 {
		return 0, nil, 0, 0, t.bad(rvProduct, "the product is empty", nil)
	}
	ms := t.get(rec, rvMonth)
	m, ok = parseMonth(ms)
	if !ok {
		return 0, nil, 0, 0, t.bad(rvMonth, "the month must be YYYY-MM", ms)
	}
	a := t.get(rec, rvAmount)
	micros, ok, tooLarge := parseNumber(a)
	if !ok {
		return 0, nil, 0, 0, t.bad(rvAmount, "the amount must be a number with at most 6 decimals (like 1250.50 or -80)", a)
	}
	if tooLarge {
		return 0, nil, 0, 0, t.bad(rvAmount, "the amount is too large", a)
	}
	return idx, product, m, micros, nil
}

func (l *loader) readRevenue(b *model.Builder) error {
	t, ok, err := l.open(RevenueFile, revenueCols, revenueCols, true)
	if err != nil || !ok {
		return err
	}
	defer t.Close()
	rows := 0
	err = t.each(func(rec [][]byte) *RowError {
		idx, product, m, micros, re := l.parseRevenue(t, rec)
		if re != nil {
			return re
		}
		if err := b.AddRevenue(idx, product, m, micros); err != nil {
			return t.bad(rvAmount, err.Error(), t.get(rec, rvAmount))
		}
		rows++
		return nil
	})
	if err != nil {
		return err
	}
	l.sum.RevenueRows = rows
	return l.failed()
}

// latestRevenueMonth reads revenue.csv for its latest valid month; bad rows
// are reported by readRevenue, not here.
func (l *loader) latestRevenueMonth() (slcs.Month, bool, error) {
	t, ok, err := l.open(RevenueFile, revenueCols, revenueCols, true)
	if err != nil || !ok {
		return 0, false, nil
	}
	defer t.Close()
	l.total += l.size(RevenueFile)
	var latest slcs.Month
	found := false
	for {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				continue
			}
			return 0, false, err
		}
		if _, _, m, _, re := l.parseRevenue(t, rec); re == nil && (!found || m > latest) {
			latest, found = m, true
		}
	}
	return latest, found, nil
}

// AsOfRule says how the as-of date was chosen.
type AsOfRule uint8

// The rules, in the order they are tried.
const (
	AsOfGiven AsOfRule = iota
	AsOfLatestActivity
	AsOfLatestRevenue
	AsOfToday
)

func (r AsOfRule) String() string {
	switch r {
	case AsOfGiven:
		return "given"
	case AsOfLatestActivity:
		return "the latest activity date"
	case AsOfLatestRevenue:
		return "the end of the latest revenue month"
	}
	return "today"
}

// AsOf applies the default rule: the latest activity date not after today;
// else the last day of the latest revenue month; else today.
func AsOf(latestActivity slcs.Day, hasActivity bool, latestRevenue slcs.Month, hasRevenue bool, today slcs.Day) (slcs.Day, AsOfRule) {
	switch {
	case hasActivity:
		return latestActivity, AsOfLatestActivity
	case hasRevenue:
		return latestRevenue.LastDay(), AsOfLatestRevenue
	}
	return today, AsOfToday
}
