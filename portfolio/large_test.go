package portfolio

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slcs/slcs"
)

// fileBuilder writes a CSV file record by record and knows the physical
// line of each.
type fileBuilder struct {
	b    strings.Builder
	line int // lines written
	eol  string
}

// add writes a record (which may hold line breaks) and returns its line.
func (f *fileBuilder) add(rec string) int {
	if f.eol != "\n" {
		rec = strings.ReplaceAll(rec, "\n", f.eol)
	}
	f.b.WriteString(rec)
	f.b.WriteString(f.eol)
	f.line++
	start := f.line
	f.line += strings.Count(rec, "\n")
	return start
}

// people splits a people cell as the format says.
func people(cell string) []string {
	var out []string
	for _, p := range strings.Split(cell, ";") {
		p = strings.Trim(p, " \t")
		if p != "" {
			out = append(out, strings.ToLower(p))
		}
	}
	return out
}

type largeWant struct {
	skipped    []string // "file:line:column"
	activities int
	revenue    int
	acts       map[string]int64 // by account: activities in the window
	inbound    map[string]int64
	pairs      map[string]map[string]bool
	revenue12m map[string]int64
}

// largePortfolio writes a portfolio whose activity and revenue files are
// several megabytes, with multi-line fields and bad rows all over them.
func largePortfolio(eol string) (map[string]string, *largeWant) {
	const nAccounts = 23
	asOf := march31
	w := &largeWant{acts: map[string]int64{}, inbound: map[string]int64{}, pairs: map[string]map[string]bool{}, revenue12m: map[string]int64{}}
	acc := &fileBuilder{eol: eol}
	acc.add("account_id,name,owner,industry,employees")
	for i := range nAccounts {
		acc.add(fmt.Sprintf("a%d,Account %d,p%d@x.com,ind%d,%d", i, i, i%5, i%3, 10+i))
	}

	acts := &fileBuilder{eol: eol}
	acts.add("activity_id,account_id,date,type,direction,our_people,their_people,minutes")
	types := []string{"email", "CALL", "Meeting", "other", ""}
	firstLine := map[string]int{}
	for i := range 60000 {
		id := fmt.Sprintf("t%d", i)
		a := fmt.Sprintf("a%d", i%nAccounts)
		date := (asOf - slcs.Day(i%400)).String()
		if i%11 == 0 {
			date += "T00:30:00+02:00" // the day before in UTC
		}
		dir := ""
		if i%3 == 0 {
			dir = "inbound"
		}
		ours := fmt.Sprintf("p%d@x.com", i%7)
		theirs := fmt.Sprintf("c%d@client.com", i%13)
		theirsCell := theirs
		if i%997 == 5 {
			// a multi-line cell with quotes; parity of quotes differs
			// line by line
			theirs = fmt.Sprintf("c%d@client.com;\nQ\"%d\"@client.com", i%13, i)
			theirsCell = `"` + strings.ReplaceAll(theirs, `"`, `""`) + `"`
		}
		if i%1500 == 7 {
			acts.add("")
			acts.add(" \t ")
		}
		rec := fmt.Sprintf("%s,%s,%s,%s,%s,%s,%s,%d", id, a, date, types[i%5], dir, ours, theirsCell, i%50)
		col := ""
		switch i {
		case 5000:
			rec, col = fmt.Sprintf("%s,%s,2026-02-30,call,,%s,,", id, a, ours), "date"
		case 10001:
			rec, col = fmt.Sprintf("t10,%s,2026-03-01,call,,%s,,", a, ours), "activity_id"
		case 20000:
			rec, col = fmt.Sprintf("%s,zz,2026-03-01,call,,%s,,", id, ours), "account_id"
		case 25000:
			rec, col = rec+",extra", "field 9"
		case 30000:
			rec, col = fmt.Sprintf("%s,%s,2026-03-01,\"call\"x,,%s,,", id, a, ours), "type"
		case 30001:
			rec, col = fmt.Sprintf("%s,%s,2026-03-01,call,,%s,,1\"0", id, a, ours), "minutes"
		case 45000:
			rec, col = fmt.Sprintf("%s,%s,2026-03-01,call,,%s,\"x\n\xff\",", id, a, ours), "their_people"
		case 50000:
			rec, col = fmt.Sprintf("t49999,%s,2026-03-01,call,,%s,,", a, ours), "activity_id"
		case 59999:
			rec, col = fmt.Sprintf("%s,%s,2026-03-01,visit,,%s,,", id, a, ours), "type"
		}
		line := acts.add(rec)
		if col != "" {
			w.skipped = append(w.skipped, fmt.Sprintf("%s:%d:%s", ActivitiesFile, line, col))
			continue
		}
		firstLine[id] = line
		w.activities++
		day, _ := parseDate([]byte(date))
		if age := asOf - day; age >= 0 && age < 365 {
			w.acts[a]++
			if dir == "inbound" {
				w.inbound[a]++
			}
			if w.pairs[a] == nil {
				w.pairs[a] = map[string]bool{}
			}
			for _, o := range people(ours) {
				for _, th := range people(theirs) {
					w.pairs[a][o+"|"+th] = true
				}
			}
		}
	}

	rev := &fileBuilder{eol: eol}
	rev.add("account_id,product,month,amount")
	for i := range 160000 {
		a := fmt.Sprintf("a%d", i%nAccounts)
		m := asOf.Month() - slcs.Month(i%15)
		micros := int64(i%1000)*1_000_000 + int64(i%997)*7 - 3_000_000
		amount := fmt.Sprintf("%d.%06d", micros/1_000_000, abs(micros%1_000_000))
		if micros < 0 && micros > -1_000_000 {
			amount = "-" + amount
		}
		product := fmt.Sprintf("P%d", i%4)
		if i%2999 == 3 {
			product = fmt.Sprintf("\"P%d\nline \"\"two\"\"\"", i%4)
		}
		rec := fmt.Sprintf("%s,%s,%s,%s", a, product, m, amount)
		col := ""
		switch i {
		case 100:
			rec, col = fmt.Sprintf("%s,P1,%s,1e3", a, m), "amount"
		case 40000:
			rec, col = fmt.Sprintf("%s,P1,%s,\"1\"0", a, m), "amount"
		case 40001:
			rec, col = fmt.Sprintf("zz,P1,%s,1", m), "account_id"
		case 159990:
			rec, col = fmt.Sprintf("%s,P1,%s-01,1", a, m), "month"
		}
		line := rev.add(rec)
		if col != "" {
			w.skipped = append(w.skipped, fmt.Sprintf("%s:%d:%s", RevenueFile, line, col))
			continue
		}
		w.revenue++
		if m > asOf.Month()-12 {
			w.revenue12m[a] += micros
		}
	}
	_ = firstLine
	return map[string]string{AccountsFile: acc.b.String(), ActivitiesFile: acts.b.String(), RevenueFile: rev.b.String()}, w
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestLargeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("large files")
	}
	for _, eol := range []string{"\n", "\r\n"} {
		files, want := largePortfolio(eol)
		dir := writePortfolio(t, files)
		if len(files[ActivitiesFile]) < 3*chunkSizeForTests || len(files[RevenueFile]) < 3*chunkSizeForTests {
			t.Fatalf("files of %d and %d bytes are too small to test chunked reading", len(files[ActivitiesFile]), len(files[RevenueFile]))
		}
		for _, asOf := range [][]slcs.Day{nil, {march31}} {
			name := fmt.Sprintf("eol %q, as-of given %v", eol, asOf != nil)
			t.Run(name, func(t *testing.T) {
				b, sum := mustLoad(t, dir, opts(true, asOf...))
				var got []string
				for _, s := range sum.Skipped {
					got = append(got, fmt.Sprintf("%s:%d:%s", filepath.Base(s.File), s.Line, s.Column))
				}
				if !slices.Equal(got, want.skipped) {
					t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want.skipped, "\n"))
				}
				if sum.Activities != want.activities || sum.RevenueRows != want.revenue {
					t.Errorf("%d activities and %d revenue rows, want %d and %d", sum.Activities, sum.RevenueRows, want.activities, want.revenue)
				}
				if sum.AsOf != march31 {
					t.Errorf("as-of %v, want %v", sum.AsOf, march31)
				}
				r := b.Classify()
				for _, a := range r.Accounts {
					if a.Activities != want.acts[a.ID] || a.Inbound != want.inbound[a.ID] {
						t.Errorf("%s: %d activities, %d inbound; want %d, %d", a.ID, a.Activities, a.Inbound, want.acts[a.ID], want.inbound[a.ID])
					}
					if int(a.Pairs.Raw) != len(want.pairs[a.ID]) {
						t.Errorf("%s: %v pairs, want %d", a.ID, a.Pairs.Raw, len(want.pairs[a.ID]))
					}
					if a.Revenue12m != want.revenue12m[a.ID] {
						t.Errorf("%s: revenue %d, want %d", a.ID, a.Revenue12m, want.revenue12m[a.ID])
					}
				}

				// the same again: reading in parallel gives the same reports
				b2, sum2 := mustLoad(t, dir, opts(true, asOf...))
				c1, i1, a1 := reports(t, r)
				c2, i2, a2 := reports(t, b2.Classify())
				if !bytes.Equal(c1, c2) || !bytes.Equal(i1, i2) || !bytes.Equal(a1, a2) || len(sum2.Skipped) != len(sum.Skipped) {
					t.Errorf("two loads of the same portfolio differ")
				}

				// refused: the first problems are the first bad rows
				_, _, err := Load(dir, opts(false, asOf...))
				ie := inputError(t, err)
				var first []string
				for _, p := range ie.Problems {
					first = append(first, fmt.Sprintf("%s:%d:%s", filepath.Base(p.File), p.Line, p.Column))
				}
				var wantFirst []string
				for _, s := range want.skipped {
					if strings.HasPrefix(s, ActivitiesFile) {
						wantFirst = append(wantFirst, s)
					}
				}
				if !slices.Equal(first, wantFirst) {
					t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(first, "\n"), strings.Join(wantFirst, "\n"))
				}
			})
		}
	}
}

// chunkSizeForTests is the size of the pieces large files may be read in.
const chunkSizeForTests = 1 << 20
