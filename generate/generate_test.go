package generate

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	asOf  = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	files = []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"}

	reNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{0,6})?$`)
	reWhole  = regexp.MustCompile(`^[0-9]+$`)
	reDate   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	reStamp  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`)
	reMonth  = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
)

// The 2,000-account portfolio is shared by the format and variety tests.
var (
	sharedOnce sync.Once
	sharedDir  string
	sharedErr  error
	tmpRoot    string
)

func TestMain(m *testing.M) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "generate-test-")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

func shared(t testing.TB) string {
	t.Helper()
	sharedOnce.Do(func() {
		sharedDir = filepath.Join(tmpRoot, "shared")
		sharedErr = Write(sharedDir, Options{Accounts: 2000, Seed: 42, AsOf: asOf})
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedDir
}

type table struct {
	header  []string
	col     map[string]int
	records [][]string
	raw     []byte
}

func (tb *table) get(rec []string, name string) string { return rec[tb.col[name]] }

func readTable(t *testing.T, path string) *table {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(raw))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tb := &table{header: header, col: map[string]int{}, raw: raw}
	for i, h := range header {
		tb.col[h] = i
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		tb.records = append(tb.records, rec)
	}
	return tb
}

// encode writes records back with the package's quoting rule, to check that
// fields are quoted exactly when they must be.
func encode(header []string, recs [][]string) []byte {
	var b []byte
	line := func(rec []string) {
		for i, f := range rec {
			if i > 0 {
				b = append(b, ',')
			}
			if strings.ContainsAny(f, ",\"\r\n") {
				b = append(b, '"')
				b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
				b = append(b, '"')
			} else {
				b = append(b, f...)
			}
		}
		b = append(b, '\n')
	}
	line(header)
	for _, r := range recs {
		line(r)
	}
	return b
}

func TestDeterministic(t *testing.T) {
	o := Options{Accounts: 300, Seed: 7, AsOf: asOf, ActivitiesPerAccount: 20}
	a, b, c := filepath.Join(tmpRoot, "a"), filepath.Join(tmpRoot, "b"), filepath.Join(tmpRoot, "c")
	if err := Write(a, o); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, o); err != nil {
		t.Fatal(err)
	}
	o.Seed = 8
	if err := Write(c, o); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		fa, _ := os.ReadFile(filepath.Join(a, f))
		fb, _ := os.ReadFile(filepath.Join(b, f))
		fc, _ := os.ReadFile(filepath.Join(c, f))
		if len(fa) == 0 {
			t.Errorf("%s is empty", f)
		}
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
		if bytes.Equal(fa, fc) {
			t.Errorf("%s is the same for seeds 7 and 8", f)
		}
	}
	// Only the four files, no temporaries left behind.
	ents, err := os.ReadDir(a)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := slices.Clone(files)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("dir holds %v, want %v", names, want)
	}
}

func TestFormat(t *testing.T) {
	dir := shared(t)
	tabs := map[string]*table{}
	for _, f := range files {
		tabs[f] = readTable(t, filepath.Join(dir, f))
		if got := encode(tabs[f].header, tabs[f].records); !bytes.Equal(got, tabs[f].raw) {
			t.Errorf("%s: fields are not quoted exactly when needed", f)
		}
	}
	wantHeaders := map[string][]string{
		"accounts.csv":   {"account_id", "name", "owner", "industry", "employees", "domains"},
		"team.csv":       {"email", "name", "capacity_hours"},
		"activities.csv": {"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"},
		"revenue.csv":    {"account_id", "product", "month", "amount"},
	}
	for f, h := range wantHeaders {
		if !slices.Equal(tabs[f].header, h) {
			t.Errorf("%s header = %v, want %v", f, tabs[f].header, h)
		}
	}

	acc := tabs["accounts.csv"]
	if len(acc.records) != 2000 {
		t.Errorf("accounts.csv has %d rows, want 2000", len(acc.records))
	}
	ids := map[string]bool{}
	for _, r := range acc.records {
		id := acc.get(r, "account_id")
		if id == "" || ids[id] {
			t.Errorf("account_id %q empty or duplicated", id)
		}
		ids[id] = true
		if e := acc.get(r, "employees"); e != "" && !reWhole.MatchString(e) {
			t.Errorf("account %s: employees %q is not a whole number", id, e)
		}
	}

	team := tabs["team.csv"]
	emails := map[string]bool{}
	for _, r := range team.records {
		e := strings.ToLower(team.get(r, "email"))
		if emails[e] {
			t.Errorf("team email %q duplicated", e)
		}
		emails[e] = true
		if c := team.get(r, "capacity_hours"); c != "" && (!reNumber.MatchString(c) || strings.HasPrefix(c, "-") || strings.Trim(c, "0.") == "") {
			t.Errorf("team %s: capacity_hours %q is not a number > 0", e, c)
		}
	}
	if n := len(team.records); n < 3 {
		t.Errorf("team has %d people", n)
	}

	first := asOf.AddDate(0, -24, 1)
	last := asOf.AddDate(0, 0, 10)
	act := tabs["activities.csv"]
	actIDs := map[string]bool{}
	for _, r := range act.records {
		id := act.get(r, "activity_id")
		if id == "" || actIDs[id] {
			t.Fatalf("activity_id %q empty or duplicated", id)
		}
		actIDs[id] = true
		if !ids[act.get(r, "account_id")] {
			t.Fatalf("activity %s: unknown account %q", id, act.get(r, "account_id"))
		}
		d, ok := parseDate(act.get(r, "date"))
		if !ok {
			t.Fatalf("activity %s: bad date %q", id, act.get(r, "date"))
		}
		if d.Before(first) || d.After(last) {
			t.Errorf("activity %s: date %s outside %s..%s", id, d.Format(time.DateOnly), first.Format(time.DateOnly), last.Format(time.DateOnly))
		}
		switch strings.ToLower(act.get(r, "type")) {
		case "", "email", "call", "meeting", "other":
		default:
			t.Errorf("activity %s: bad type %q", id, act.get(r, "type"))
		}
		switch strings.ToLower(act.get(r, "direction")) {
		case "", "inbound", "outbound":
		default:
			t.Errorf("activity %s: bad direction %q", id, act.get(r, "direction"))
		}
		nonEmpty := false
		for p := range strings.SplitSeq(act.get(r, "our_people"), ";") {
			if strings.TrimSpace(p) != "" {
				nonEmpty = true
			}
		}
		if !nonEmpty {
			t.Errorf("activity %s: our_people empty", id)
		}
		if n := len(strings.Split(act.get(r, "their_people"), ";")); n > 6 {
			t.Errorf("activity %s: %d of their people", id, n)
		}
		if m := act.get(r, "minutes"); m != "" && (!reNumber.MatchString(m) || strings.HasPrefix(m, "-")) {
			t.Errorf("activity %s: minutes %q is not a number >= 0", id, m)
		}
	}

	rev := tabs["revenue.csv"]
	months := map[string]bool{}
	for i := range 24 {
		months[first.AddDate(0, i, 0).Format("2006-01")] = true
	}
	for _, r := range rev.records {
		if !ids[rev.get(r, "account_id")] {
			t.Fatalf("revenue: unknown account %q", rev.get(r, "account_id"))
		}
		if rev.get(r, "product") == "" {
			t.Errorf("revenue of %s: empty product", rev.get(r, "account_id"))
		}
		if m := rev.get(r, "month"); !reMonth.MatchString(m) || !months[m] {
			t.Errorf("revenue: month %q not one of the 24 months", m)
		}
		if a := rev.get(r, "amount"); !reNumber.MatchString(a) {
			t.Errorf("revenue: amount %q is not a number", a)
		}
	}
}

// parseDate returns the UTC date of a date or RFC 3339 time.
func parseDate(s string) (time.Time, bool) {
	switch {
	case reDate.MatchString(s):
		d, err := time.Parse(time.DateOnly, s)
		return d, err == nil
	case reStamp.MatchString(s):
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, false
		}
		y, m, dd := d.UTC().Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

func TestVariety(t *testing.T) {
	dir := shared(t)
	acc := readTable(t, filepath.Join(dir, "accounts.csv"))
	act := readTable(t, filepath.Join(dir, "activities.csv"))
	rev := readTable(t, filepath.Join(dir, "revenue.csv"))
	team := readTable(t, filepath.Join(dir, "team.csv"))

	inTeam := map[string]bool{}
	for _, r := range team.records {
		inTeam[strings.ToLower(team.get(r, "email"))] = true
	}
	var noEmployees, noIndustry, noOwner, strangers, quoted int
	industries := map[string]int{}
	for _, r := range acc.records {
		if acc.get(r, "employees") == "" {
			noEmployees++
		}
		ind := strings.ToLower(acc.get(r, "industry"))
		if ind == "" {
			noIndustry++
		}
		if ind != "" && ind != "unknown" {
			industries[ind]++
		}
		switch o := strings.ToLower(acc.get(r, "owner")); {
		case o == "":
			noOwner++
		case !inTeam[o]:
			strangers++
		}
		if strings.ContainsAny(acc.get(r, "name"), `,"`) {
			quoted++
		}
	}
	tiny := 0
	for _, n := range industries {
		if n < 5 {
			tiny++
		}
	}

	active := map[string]bool{}
	var inbound, outbound, future, nextDay int
	for _, r := range act.records {
		active[act.get(r, "account_id")] = true
		switch strings.ToLower(act.get(r, "direction")) {
		case "inbound":
			inbound++
		case "outbound":
			outbound++
		}
		s := act.get(r, "date")
		d, _ := parseDate(s)
		if d.After(asOf) {
			future++
		}
		if len(s) > 10 && s[:10] != d.Format(time.DateOnly) {
			nextDay++
		}
	}
	var negative int
	for _, r := range rev.records {
		if strings.HasPrefix(rev.get(r, "amount"), "-") {
			negative++
		}
	}

	checks := []struct {
		what string
		n    int
	}{
		{"accounts without activity", len(acc.records) - len(active)},
		{"accounts without employees", noEmployees},
		{"accounts without industry", noIndustry},
		{"industries with fewer than 5 accounts", tiny},
		{"accounts without owner", noOwner},
		{"owners missing from team.csv", strangers},
		{"names that need quoting", quoted},
		{"negative amounts", negative},
		{"inbound activities", inbound},
		{"outbound activities", outbound},
		{"future-dated activities", future},
		{"times whose UTC date differs from the local one", nextDay},
	}
	for _, c := range checks {
		if c.n == 0 {
			t.Errorf("no %s", c.what)
		}
	}
	// The mean is close to the default of 60.
	if mean := float64(len(act.records)) / float64(len(acc.records)); mean < 50 || mean > 70 {
		t.Errorf("mean activities per account = %.1f, want about 60", mean)
	}
}

func TestOptions(t *testing.T) {
	if err := Write(filepath.Join(tmpRoot, "bad"), Options{Accounts: 0, AsOf: asOf}); err == nil {
		t.Error("Accounts 0: no error")
	}
	if err := Write(filepath.Join(tmpRoot, "bad"), Options{Accounts: 5, AsOf: asOf, ActivitiesPerAccount: -1}); err == nil {
		t.Error("negative ActivitiesPerAccount: no error")
	}
	var calls [][2]int
	dir := filepath.Join(tmpRoot, "one")
	err := Write(dir, Options{Accounts: 1, Seed: 1, AsOf: asOf, Progress: func(d, n int) { calls = append(calls, [2]int{d, n}) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{1, 1} {
		t.Errorf("progress calls %v, want to end with [1 1]", calls)
	}
	acc := readTable(t, filepath.Join(dir, "accounts.csv"))
	if len(acc.records) != 1 || acc.records[0][0] != "A0000001" {
		t.Errorf("one account: got %v", acc.records)
	}
}

func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	var size int64
	for b.Loop() {
		if err := Write(dir, Options{Accounts: 1000, Seed: 1, AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
	for _, f := range files {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
}
