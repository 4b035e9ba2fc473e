package model_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/model"
)

// mtFiles is a generated portfolio: each file as a header and data rows.
type mtFiles map[string][][]string

// mtRandomPortfolio makes a portfolio of 50 to 300 accounts with the
// format's corner cases: industries in several spellings and groups below
// the minimum peer count, missing and zero head-counts, owners in mixed
// case, without owner or absent from team.csv, activities before and after
// the as-of date with RFC 3339 times and offsets, repeated people in mixed
// case, empty minutes, credits in revenue and months around the window.
func mtRandomPortfolio(rng *rand.Rand, asOf slcs.Day) mtFiles {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	mixCase := func(s string) string {
		switch rng.IntN(4) {
		case 0:
			return strings.ToUpper(s)
		case 1:
			return strings.ToUpper(s[:1]) + s[1:]
		}
		return s
	}
	sellers := []string{"ann@our.example", "bo@our.example", "cy@our.example", "di@our.example",
		"ed@our.example", "fay@our.example", "gus@our.example", "hal@our.example"}
	helpers := []string{"ivy@our.example", "jo@our.example", "kim@our.example"}
	products := []string{"Core", "Analytics", "Support", "Consulting, \"Strategy\"", "add-on", "Zeta", "Ärger"}
	industries := []string{"Retail", "retail", " RETAIL ", "Mining", "Tech", "tech", "", "unknown", "Unknown", "Banking", "Agri"}

	n := 50 + rng.IntN(251)
	f := mtFiles{}
	f["accounts.csv"] = [][]string{{"account_id", "name", "owner", "industry", "employees", "domains"}}
	for i := range n {
		id := fmt.Sprintf("ACC%04d", i)
		if rng.IntN(10) == 0 {
			id = fmt.Sprintf("acc-%d", i) // lower-case ids sort after upper-case ones
		}
		owner := ""
		if rng.IntN(10) > 0 {
			owner = mixCase(sellers[rng.IntN(len(sellers))])
		}
		ind := industries[rng.IntN(len(industries))]
		if rng.IntN(15) == 0 {
			ind = fmt.Sprintf("rare-%d", i) // a group of one
		}
		emp := ""
		switch x := rng.IntN(10); {
		case x < 6:
			emp = fmt.Sprint(1 + rng.IntN(5000))
		case x < 7:
			emp = "0"
		}
		name := pick("", "Name "+id, "Name, Inc. "+id)
		f["accounts.csv"] = append(f["accounts.csv"], []string{id, name, owner, ind, emp, "x.example"})
	}
	ids := make([]string, 0, n)
	for _, row := range f["accounts.csv"][1:] {
		ids = append(ids, row[0])
	}

	// the team: most sellers (two missing) and the helpers
	f["team.csv"] = [][]string{{"email", "name", "capacity_hours"}}
	for _, e := range append(append([]string{}, sellers[:6]...), helpers...) {
		capacity := pick("", "80", "100", "120.5", "150")
		f["team.csv"] = append(f["team.csv"], []string{mixCase(e), "Someone", capacity})
	}

	f["activities.csv"] = [][]string{{"activity_id", "account_id", "date", "type", "direction", "our_people", "their_people", "minutes"}}
	ours := append(append([]string{}, sellers...), helpers...)
	ours = append(ours, "xavier@our.example", "yan@our.example")
	actID := 0
	for _, id := range ids {
		k := rng.IntN(25)
		if rng.IntN(5) == 0 {
			k = 0
		}
		for range k {
			actID++
			age := rng.IntN(420) - 20
			d := asOf - slcs.Day(age)
			y, m, dd := d.Date()
			date := fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
			if rng.IntN(4) == 0 {
				frac := pick("", "", ".25", ".999999")
				date += fmt.Sprintf("%s%02d:%02d:%02d%s", pick("T", "t", " "), rng.IntN(24), rng.IntN(60), rng.IntN(60), frac)
				if rng.IntN(4) == 0 {
					date += pick("Z", "z")
				} else {
					date += fmt.Sprintf("%s%02d:%02d", pick("+", "-"), rng.IntN(14), rng.IntN(4)*15)
				}
			}
			var op []string
			for range 1 + rng.IntN(3) {
				p := ours[rng.IntN(len(ours))]
				op = append(op, mixCase(p))
				if rng.IntN(5) == 0 {
					op = append(op, " "+mixCase(p)+" ", "")
				}
			}
			var tp []string
			for range rng.IntN(5) {
				tp = append(tp, mixCase(fmt.Sprintf("c%d@%s.example", rng.IntN(6), id)))
			}
			minutes := ""
			if rng.IntN(3) > 0 {
				minutes = fmt.Sprintf("%d", rng.IntN(120))
				if rng.IntN(4) == 0 {
					minutes += ".5"
				}
			}
			f["activities.csv"] = append(f["activities.csv"], []string{
				fmt.Sprintf("ACT%06d", actID), id, date,
				pick("", "email", "Call", "MEETING", "other", "meeting", "email"),
				pick("", "inbound", "outbound", "Inbound"),
				strings.Join(op, ";"), strings.Join(tp, ";"), minutes,
			})
		}
	}

	f["revenue.csv"] = [][]string{{"account_id", "product", "month", "amount"}}
	last := asOf.Month()
	for _, id := range ids {
		for _, p := range products {
			if rng.IntN(3) > 0 {
				continue
			}
			for range 1 + rng.IntN(6) {
				month := last - slcs.Month(rng.IntN(16)) + 2
				amount := fmt.Sprintf("%d.%02d", rng.IntN(20000), rng.IntN(100))
				if rng.IntN(8) == 0 {
					amount = "-" + amount
				}
				f["revenue.csv"] = append(f["revenue.csv"], []string{id, p, month.String(), amount})
			}
		}
	}
	return f
}

// write writes the files into dir, with the data rows shuffled by rng when
// it is not nil (the header stays first).
func (f mtFiles) write(t testing.TB, dir string, rng *rand.Rand) {
	t.Helper()
	for name, rows := range f {
		data := slices.Clone(rows[1:])
		if rng != nil {
			rng.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(rows[0])
		_ = w.WriteAll(data)
		if err := w.Error(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestProperties(t *testing.T) {
	asOf := slcs.MakeDay(2026, 3, 31)
	for seed := uint64(1); seed <= 8; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			files := mtRandomPortfolio(rng, asOf)
			n := len(files["accounts.csv"]) - 1

			dir := t.TempDir()
			files.write(t, dir, nil)
			r := mtLoad(t, dir, slcs.DefaultSettings(), asOf)
			out := mtWrite(t, r)

			t.Run("shuffled rows give the same bytes", func(t *testing.T) {
				for k := range 3 {
					dir2 := t.TempDir()
					files.write(t, dir2, rand.New(rand.NewPCG(seed, uint64(k))))
					out2 := mtWrite(t, mtLoad(t, dir2, slcs.DefaultSettings(), asOf))
					for _, c := range []struct{ name, a, b string }{
						{"classification", out.classification, out2.classification},
						{"isos", out.isos, out2.isos},
						{"audit", out.audit, out2.audit},
					} {
						if c.a != c.b {
							t.Errorf("shuffle %d: the %s output changed:\n%s", k, c.name, mtFirstDiff(c.a, c.b))
						}
					}
				}
			})

			t.Run("recommended hours add up to capacity", func(t *testing.T) {
				sum := map[string]int64{}
				count := map[string]int{}
				for _, a := range r.Accounts {
					sum[a.Seller] += a.RecommendedHours
					count[a.Seller]++
				}
				if len(r.Sellers) != len(sum) {
					t.Errorf("%d time plans for %d sellers", len(r.Sellers), len(sum))
				}
				for _, pl := range r.Sellers {
					got := float64(sum[pl.Seller]) / 100
					if !mtNear(got, pl.Capacity, 0.01*float64(count[pl.Seller])+1e-9) {
						t.Errorf("seller %q: recommended hours add up to %.2f over %d accounts, capacity %.2f",
							pl.Seller, got, count[pl.Seller], pl.Capacity)
					}
				}
			})

			t.Run("one segment per account", func(t *testing.T) {
				if len(r.Accounts) != n {
					t.Fatalf("%d accounts in the result, %d in the portfolio", len(r.Accounts), n)
				}
				var tally [4]int
				seen := map[string]bool{}
				for _, a := range r.Accounts {
					if seen[a.ID] {
						t.Errorf("account %s twice", a.ID)
					}
					seen[a.ID] = true
					if int(a.Segment) >= len(tally) {
						t.Errorf("account %s: segment %d", a.ID, a.Segment)
						continue
					}
					tally[a.Segment]++
					want := segmentFor(a.Engagement.High, a.Potential.High)
					if a.Segment != want {
						t.Errorf("account %s: segment %s with engagement high %v, potential high %v",
							a.ID, a.Segment.ID(), a.Engagement.High, a.Potential.High)
					}
				}
				total := 0
				for i, s := range r.Segments {
					if s.Accounts != tally[i] {
						t.Errorf("segment %s counts %d accounts, %d have it", slcs.Segment(i).ID(), s.Accounts, tally[i])
					}
					total += s.Accounts
				}
				if total != n {
					t.Errorf("segment counts add up to %d, want %d", total, n)
				}
				_, rows := mtParseCSV(t, "classification", out.classification)
				if len(rows) != n {
					t.Errorf("%d classification rows, want %d", len(rows), n)
				}
				for _, row := range rows {
					if _, ok := slcs.ParseSegment(row[3]); !ok {
						t.Errorf("account %s: segment %q", row[0], row[3])
					}
				}
			})

			t.Run("scores within 0 and 100", func(t *testing.T) {
				for _, a := range r.Accounts {
					for _, s := range []struct {
						name string
						v    model.Score
					}{{"engagement", a.Engagement}, {"potential", a.Potential}} {
						if s.v.Value < 0 || s.v.Value > 100 || s.v.Hundredths < 0 || s.v.Hundredths > 10000 {
							t.Errorf("account %s: %s %v (%d hundredths)", a.ID, s.name, s.v.Value, s.v.Hundredths)
						}
					}
				}
			})
		})
	}
}

func segmentFor(highEngagement, highPotential bool) slcs.Segment {
	switch {
	case highEngagement && highPotential:
		return slcs.Key
	case highEngagement:
		return slcs.Maintenance
	case highPotential:
		return slcs.GrowthPotential
	}
	return slcs.Service
}

// mtFirstDiff shows the first line where two texts differ.
func mtFirstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}
