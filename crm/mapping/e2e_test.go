package mapping

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/crm"
	"github.com/slcs/slcs/portfolio"
)

// example is the worked example of docs/import-mapping.md.
var example = filepath.Join("..", "..", "examples", "mapping")

func skipLines(rep *crm.Report) []string {
	var out []string
	for _, s := range rep.Skipped {
		var lines []string
		for _, e := range s.Examples {
			if e.File != s.File {
				lines = append(lines, "in "+e.File)
			}
			lines = append(lines, fmt.Sprint(e.Line))
		}
		out = append(out, fmt.Sprintf("%s: %d: %s (lines %s)", s.File, s.Count, s.Reason, strings.Join(lines, ",")))
	}
	return out
}

// TestWorkedExample converts examples/mapping/export with its mapping,
// compares the result with examples/mapping/portfolio (which the
// documentation shows), and classifies it.
func TestWorkedExample(t *testing.T) {
	m, err := Load(filepath.Join(example, "mapping.toml"))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	rep, err := Convert([]string{filepath.Join(example, "export")}, m, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"accounts.csv", "team.csv", "activities.csv", "revenue.csv"} {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(example, "portfolio", f))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from examples/mapping/portfolio/%s:\n%s", f, f, got)
		}
	}
	wantRead := map[string]int64{"Firmen.csv": 8, "Mitarbeiter.csv": 3, "Aktivitaeten.csv": 16, "Umsaetze.csv": 12}
	wantWritten := map[string]int64{"accounts.csv": 6, "team.csv": 3, "activities.csv": 10, "revenue.csv": 8}
	if fmt.Sprint(rep.Read) != fmt.Sprint(wantRead) || fmt.Sprint(rep.Written) != fmt.Sprint(wantWritten) {
		t.Errorf("read %v, written %v; want %v, %v", rep.Read, rep.Written, wantRead, wantWritten)
	}
	wantSkips := []string{
		`Firmen.csv: 1: account_id is empty (column "Firmen-ID") (lines 8)`,
		`Firmen.csv: 1: the account_id is used by an earlier row (the first is kept) (lines 9)`,
		`Aktivitaeten.csv: 1: not kept: Status is "Geplant" (lines 6)`,
		`Aktivitaeten.csv: 1: date is not a date of a form of date_formats or a built-in form (column "Datum") (lines 9)`,
		`Aktivitaeten.csv: 1: type "Brief" is not email, call, meeting or other: add it to the map of activities[1].fields.type (lines 11)`,
		`Aktivitaeten.csv: 1: the account_id is not among the accounts converted (lines 13)`,
		`Aktivitaeten.csv: 1: the activity_id is used by an earlier row (the first is kept) (lines 14)`,
		`Aktivitaeten.csv: 1: our_people is empty (columns "Betreuer E-Mail", "Weitere Teilnehmer") (lines 15)`,
		`Umsaetze.csv: 1: amount is not a number such as 1.234,50 (column "Betrag") (lines 11)`,
		`Umsaetze.csv: 1: the account_id is not among the accounts converted (lines 13)`,
	}
	if got := skipLines(rep); strings.Join(got, "\n") != strings.Join(wantSkips, "\n") {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSkips, "\n"))
	}

	b, sum, err := portfolio.Load(out, portfolio.Options{Settings: slcs.DefaultSettings(), Today: slcs.MakeDay(2025, 6, 30)})
	if err != nil {
		t.Fatalf("the converted portfolio does not load: %v", err)
	}
	if sum.Accounts != 6 || sum.Team != 3 || sum.Activities != 10 || sum.RevenueRows != 8 {
		t.Errorf("loaded %d accounts, %d team, %d activities, %d revenue rows; want 6, 3, 10, 8",
			sum.Accounts, sum.Team, sum.Activities, sum.RevenueRows)
	}
	if sum.AsOf != slcs.MakeDay(2025, 3, 4) || sum.AsOfRule != portfolio.AsOfLatestActivity {
		t.Errorf("as of %v (%v), want 2025-03-04 from the latest activity", sum.AsOf, sum.AsOfRule)
	}
	res := b.Classify()
	var got []string
	for _, a := range res.Accounts {
		got = append(got, fmt.Sprintf("%s %s %s activities=%d inbound=%d", a.ID, a.Seller, a.Segment.ID(), a.Activities, a.Inbound))
	}
	want := []string{
		"K-1001 anna.schmidt@vertrieb.example key activities=3 inbound=1",
		"K-1002 jonas.weber@vertrieb.example service activities=1 inbound=0",
		"K-1003 anna.schmidt@vertrieb.example key activities=3 inbound=1",
		"K-1004 jonas.weber@vertrieb.example service activities=1 inbound=0",
		"K-1005 lena.fischer@vertrieb.example key activities=1 inbound=1",
		"K-1006 lena.fischer@vertrieb.example service activities=1 inbound=0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("classification:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDocShowsExample checks docs/import-mapping.md shows the worked
// example as it is: the mapping file, the sources and the result.
func TestDocShowsExample(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "import-mapping.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{
		"mapping.toml",
		"export/Firmen.csv", "export/Mitarbeiter.csv", "export/Aktivitaeten.csv", "export/Umsaetze.csv",
		"portfolio/accounts.csv", "portfolio/team.csv", "portfolio/activities.csv", "portfolio/revenue.csv",
	} {
		b, err := os.ReadFile(filepath.Join(example, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(doc), string(b)) {
			t.Errorf("docs/import-mapping.md does not show examples/mapping/%s as it is", f)
		}
	}
}
