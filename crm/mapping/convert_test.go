package mapping

import (
	"archive/zip"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/slcs/slcs/crm"
)

// writeFiles writes files (name → content) into a new folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustParse(t *testing.T, text string) *Mapping {
	t.Helper()
	m, err := Parse("mapping.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// convert converts files with the mapping into a new folder and returns
// the report and the folder.
func convert(t *testing.T, mapping string, files map[string]string) (*crm.Report, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "portfolio")
	rep, err := Convert([]string{writeFiles(t, files)}, mustParse(t, mapping), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep, out
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func wantFile(t *testing.T, dir, name, want string) {
	t.Helper()
	if got := read(t, dir, name); got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", name, got, want)
	}
}

func wantSkips(t *testing.T, rep *crm.Report, want ...string) {
	t.Helper()
	got := skipLines(rep)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("skipped:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

const accountsCSV = "Nr,Name,Form,Owner,Branche,MA,Web,Mehr\n" +
	"1,Alder,GmbH,ANN@ours.example,Bau,1.200,https://www.alder.example/,alder.de|alder-shop.example; ALDER.example\n" +
	"2,Birch,,ben@ours.example, handel ,,,\n" +
	"3,Cedar,AG,,Schiffbau,\"12,4\",cedar.example,jo@gmail.com\n"

func TestFieldForms(t *testing.T) {
	rep, out := convert(t, `
[[accounts]]
file = "Kunden.csv"
[accounts.fields]
account_id = "nr"                                  # a column, in any case
name = { columns = ["Name", "Form"] }              # joined with a space
owner = { column = "Owner", default = "ann@ours.example" }
industry = { column = "Branche", map = { "bau" = "Construction", "Handel" = "Retail" } }
employees = { column = "MA", decimal = "," }
domains = { columns = ["Web", "Mehr"], split = "|", default = "fallback.example" }

[[team]]
file = "Leute.csv"
[team.fields]
email = "Mail"
name = { columns = ["Nachname", "Vorname"], join = ", " }
capacity_hours = { constant = 140 }
`, map[string]string{
		"Kunden.csv": accountsCSV,
		"Leute.csv":  "Mail,Vorname,Nachname\nAnn@Ours.example,Ann,Alves\nben@ours.example,,Brown\n",
	})
	wantFile(t, out, "accounts.csv", "account_id,name,owner,industry,employees,domains\n"+
		"1,Alder GmbH,ann@ours.example,Construction,1200,alder.example;alder.de;alder-shop.example\n"+
		"2,Birch,ben@ours.example,Retail,,fallback.example\n"+
		"3,Cedar AG,ann@ours.example,Schiffbau,12,cedar.example\n")
	wantFile(t, out, "team.csv", "email,name,capacity_hours\n"+
		"ann@ours.example,\"Alves, Ann\",140\n"+
		"ben@ours.example,Brown,140\n")
	wantFile(t, out, "activities.csv", "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n")
	wantFile(t, out, "revenue.csv", "account_id,product,month,amount\n")
	wantSkips(t, rep)
	if rep.Read["Kunden.csv"] != 3 || rep.Written["accounts.csv"] != 3 || rep.Written["team.csv"] != 2 || rep.Written["activities.csv"] != 0 {
		t.Errorf("read %v written %v", rep.Read, rep.Written)
	}
}

func TestStrictMap(t *testing.T) {
	rep, out := convert(t, `
[[accounts]]
file = "Kunden.csv"
[accounts.fields]
account_id = "Nr"
name = "Name"
industry = { column = "Branche", map = { "bau" = "Construction", "Handel" = "Retail", "Schiffbau" = "" }, strict = true, default = "Other" }
domains = { column = "Mehr", map = { "jo@gmail.com" = "cedar.example" }, strict = true }
`, map[string]string{
		"Kunden.csv": accountsCSV + "4,Dune,,,Bergbau,,,\n5,Elm,,,,,,\n6,Fir,,,Bau,,,alder.de\n",
	})
	// Schiffbau maps to "", which takes the default; a list item not in a
	// strict map skips its row
	wantFile(t, out, "accounts.csv", "account_id,name,owner,industry,employees,domains\n"+
		"2,Birch,,Retail,,\n"+
		"3,Cedar,,Other,,cedar.example\n"+
		"5,Elm,,Other,,\n")
	wantSkips(t, rep,
		`Kunden.csv: 1: domains "alder.de|alder-shop.example" is not in the map (strict) (lines 2)`, // no split
		`Kunden.csv: 1: industry "Bergbau" is not in the map (strict) (lines 5)`,
		`Kunden.csv: 1: domains "alder.de" is not in the map (strict) (lines 7)`)
}

const accountsOnly = `
[[accounts]]
file = "Kunden.csv"
[accounts.fields]
account_id = "Nr"
name = "Name"
owner = "Owner"
`

func TestActivityFields(t *testing.T) {
	rep, out := convert(t, accountsOnly+`
[[activities]]
file = "Akt.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = { column = "Wann", format = "DD.MM.YYYY HH:mm" }
type = { column = "Art", map = { "Anruf" = "call", "Treffen" = "meeting" }, default = "other" }
direction = { constant = "Inbound" }
our_people = { columns = ["Wer", "Auch"], split = "," }
their_people = { column = "Mit", split = "," }
minutes = { column = "Dauer", unit = "milliseconds" }

[[activities]]
file = "Termine.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Wann"
type = { constant = "meeting" }
direction = { column = "Richtung", map = { "rein" = "inbound", "raus" = "outbound" }, strict = true }
our_people = "Wer"
minutes = { column = "Stunden", unit = "hours", decimal = "," }
`, map[string]string{
		"Kunden.csv": accountsCSV,
		"Akt.csv": "ID,Kunde,Wann,Art,Wer,Auch,Mit,Dauer\n" +
			"a1,1,05.03.2025 10:00,Anruf,Ann@ours.example,\"ben@ours.example, ANN@ours.example\",\"Jo@alder.example, jo@alder.example; Max\",90000\n" +
			"a2,2,06.03.2025 09:15,Treffen,ben@ours.example,,,\n" +
			"a3,3,07.03.2025 11:00,,cy@ours.example,,,1\n" +
			"a4,1,08.03.2025 11:00,Email,ann@ours.example,,,\n" +
			"a5,1,09.03.2025 11:00,Fax,ann@ours.example,,,\n" +
			"a6,1,2025-03-10 11:00,Anruf,ann@ours.example,,,\n" +
			"a7,1,10.03.2025 11:00,Anruf,ann@ours.example,,,-5\n" +
			"a8,1,10.03.2025 11:00,Anruf,ann@ours.example,,,zehn\n",
		"Termine.csv": "ID,Kunde,Wann,Richtung,Wer,Stunden\n" +
			"t1,3,2025-03-11,rein,dee@ours.example,\"1,5\"\n" +
			"t2,3,2025-03-11T09:00:00+01:00,RAUS,dee@ours.example,\n" +
			"t3,3,2025-03-12,seitwärts,dee@ours.example,\n" +
			"a1,3,2025-03-12,rein,dee@ours.example,\n",
	})
	wantFile(t, out, "activities.csv", "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n"+
		"a1,1,2025-03-05T10:00:00Z,call,inbound,ann@ours.example;ben@ours.example,Jo@alder.example;Max,1.5\n"+
		"a2,2,2025-03-06T09:15:00Z,meeting,inbound,ben@ours.example,,\n"+
		"a3,3,2025-03-07T11:00:00Z,other,inbound,cy@ours.example,,0.000017\n"+
		"a4,1,2025-03-08T11:00:00Z,email,inbound,ann@ours.example,,\n"+
		"t1,3,2025-03-11,meeting,inbound,dee@ours.example,,90\n"+
		"t2,3,2025-03-11T08:00:00Z,meeting,outbound,dee@ours.example,,\n")
	// no team section: the team is the owners and our people, once each
	wantFile(t, out, "team.csv", "email,name,capacity_hours\n"+
		"ann@ours.example,,\nben@ours.example,,\ncy@ours.example,,\ndee@ours.example,,\n")
	wantSkips(t, rep,
		`Akt.csv: 1: type "Fax" is not email, call, meeting or other: add it to the map of activities[1].fields.type (lines 6)`,
		`Akt.csv: 1: date is not a date of the form DD.MM.YYYY HH:mm (column "Wann") (lines 7)`,
		`Akt.csv: 1: minutes is negative (column "Dauer") (lines 8)`,
		`Akt.csv: 1: minutes is not a number such as 1,234.50 (column "Dauer") (lines 9)`,
		`Termine.csv: 1: direction "seitwärts" is not in the map (strict) (lines 4)`,
		`Termine.csv: 1: the activity_id is used by an earlier row (the first is kept) (lines 5)`)
}

func TestTimezoneAndDateFormats(t *testing.T) {
	_, out := convert(t, `
timezone = "America/New_York"
date_formats = ["MM/DD/YYYY HH:mm", "D.M.YYYY"]
`+accountsOnly+`
[[activities]]
file = "Akt.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Wann"
our_people = "Wer"
`, map[string]string{
		"Kunden.csv": accountsCSV,
		"Akt.csv": "ID,Kunde,Wann,Wer\n" +
			"a1,1,03/05/2025 21:30,ann@ours.example\n" + // a date_formats form, in New York
			"a2,1,5.3.2025,ann@ours.example\n" + // a date stays the date written
			"a3,1,2025-03-05 21:30:00,ann@ours.example\n" + // a built-in form, in New York
			"a4,1,2025-03-05T21:30:00Z,ann@ours.example\n", // with its own zone
	})
	wantFile(t, out, "activities.csv", "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n"+
		"a1,1,2025-03-06T02:30:00Z,,,ann@ours.example,,\n"+
		"a2,1,2025-03-05,,,ann@ours.example,,\n"+
		"a3,1,2025-03-06T02:30:00Z,,,ann@ours.example,,\n"+
		"a4,1,2025-03-05T21:30:00Z,,,ann@ours.example,,\n")
}

func TestRevenue(t *testing.T) {
	rep, out := convert(t, accountsOnly+`
[[revenue]]
file = "Umsatz.csv"
decimal = ","
[revenue.fields]
account_id = "Kunde"
product = "Produkt"
month = { column = "Datum", format = "DD.MM.YYYY" }
amount = "Betrag"

[[revenue]]
file = "Plan.csv"
[revenue.fields]
account_id = "Kunde"
product = { constant = "Licences" }
month = "Monat"
amount = "Betrag"
`, map[string]string{
		"Kunden.csv": accountsCSV,
		"Umsatz.csv": "Kunde,Produkt,Datum,Betrag\n" +
			"1,Service,15.01.2025,\"1.234,50 €\"\n" +
			"1,Service,31.01.2025,\"765,50 €\"\n" +
			"1,Parts,31.01.2025,\"(100,00)\"\n" +
			"2,Service,01.02.2025,\"EUR 8.000.000.000.000\"\n" +
			"2,Service,02.02.2025,\"EUR 1.000.000.000.000,01\"\n" +
			"9,Service,02.02.2025,\"10\"\n" +
			"1,,02.02.2025,\"10\"\n" +
			"1,Service,2025-02-02,\"10\"\n" +
			"1,Service,02.02.2025,\"1.5\"\n",
		"Plan.csv": "Kunde,Monat,Betrag\n" +
			"3,2025-01,\"1,234.5\"\n" +
			"3,2025-01-20,0.0000001\n" +
			"3,Jan 2025,1\n",
	})
	wantFile(t, out, "revenue.csv", "account_id,product,month,amount\n"+
		"1,Service,2025-01,2000\n"+
		"1,Parts,2025-01,-100\n"+
		"2,Service,2025-02,8000000000000\n"+
		"3,Licences,2025-01,1234.5\n")
	wantSkips(t, rep,
		`Umsatz.csv: 1: the amount makes the total of its account, product and month too large (lines 6)`,
		`Umsatz.csv: 1: the account_id is not among the accounts converted (lines 7)`,
		`Umsatz.csv: 1: product is empty (column "Produkt") (lines 8)`,
		`Umsatz.csv: 1: month is not a date of the form DD.MM.YYYY (column "Datum") (lines 9)`,
		`Umsatz.csv: 1: amount is not a number such as 1.234,50 (column "Betrag") (lines 10)`,
		`Plan.csv: 1: month is not a month such as 2025-01 nor a date such as 2025-01-31 (column "Monat"): give its form in format (lines 4)`)
}

func TestKeepAndSkipExamples(t *testing.T) {
	rep, out := convert(t, `
[[accounts]]
file = "Kunden.csv"
keep = { column = "Status", values = ["Kunde", "Partner"] }
[accounts.fields]
account_id = "Nr"
name = "Name"
`, map[string]string{
		"Kunden.csv": "Nr,Name,Status\n" +
			"1,Alder,Kunde\n" +
			"2,Birch,Lead\n" +
			"3,\"Cedar\nand sons\",partner \n" + // a row over two lines
			",Dune,Kunde\n" +
			"\n" +
			"5,Elm,Lead\n" +
			",Fir,Kunde\n" +
			",Gum,Kunde\n" +
			",Hazel,Kunde\n" +
			"9,Ivy,\n" +
			"1,Alder again,Kunde\n",
	})
	wantFile(t, out, "accounts.csv", "account_id,name,owner,industry,employees,domains\n"+
		"1,Alder,,,,\n3,\"Cedar\nand sons\",,,,\n")
	wantSkips(t, rep,
		`Kunden.csv: 2: not kept: Status is "Lead" (lines 3,8)`,
		`Kunden.csv: 4: account_id is empty (column "Nr") (lines 6,9,10)`,
		`Kunden.csv: 1: not kept: Status is empty (lines 12)`,
		`Kunden.csv: 1: the account_id is used by an earlier row (the first is kept) (lines 13)`)
	if rep.Read["Kunden.csv"] != 10 || rep.SkippedCount() != 8 {
		t.Errorf("read %d rows, skipped %d; want 10 and 8", rep.Read["Kunden.csv"], rep.SkippedCount())
	}
}

func TestOneFileTwoSections(t *testing.T) {
	rep, out := convert(t, accountsOnly+`
[[activities]]
file = "Log.csv"
keep = { column = "Kind", values = ["call"] }
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Date"
type = { constant = "call" }
our_people = "Who"
minutes = { column = "Length", unit = "seconds" }

[[activities]]
file = "Log.csv"
keep = { column = "Kind", values = ["visit"] }
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Date"
type = { constant = "meeting" }
our_people = "Who"
minutes = "Length"
`, map[string]string{
		"Kunden.csv": accountsCSV,
		"Log.csv":    "ID,Kunde,Date,Kind,Who,Length\nl1,1,2025-03-01,call,ann@ours.example,120\nl2,2,2025-03-02,visit,ben@ours.example,45\nl3,2,2025-03-03,note,ben@ours.example,\n",
	})
	wantFile(t, out, "activities.csv", "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n"+
		"l1,1,2025-03-01,call,,ann@ours.example,,2\n"+
		"l2,2,2025-03-02,meeting,,ben@ours.example,,45\n")
	wantSkips(t, rep,
		`Log.csv: 1: activities[1]: not kept: Kind is "visit" (lines 3)`,
		`Log.csv: 1: activities[1]: not kept: Kind is "note" (lines 4)`,
		`Log.csv: 1: activities[2]: not kept: Kind is "call" (lines 2)`,
		`Log.csv: 1: activities[2]: not kept: Kind is "note" (lines 4)`)
	if rep.Read["Log.csv"] != 3 {
		t.Errorf("read %d rows of Log.csv, want 3", rep.Read["Log.csv"])
	}
}

func TestMissingFile(t *testing.T) {
	src := writeFiles(t, map[string]string{"Kunden.csv": accountsCSV, "Other.xlsx": "", "notes.txt": "x"})
	m := mustParse(t, accountsOnly+"[[revenue]]\nfile = \"Umsatz.csv\"\n[revenue.fields]\naccount_id = \"A\"\nproduct = \"P\"\nmonth = \"M\"\namount = \"X\"\n")
	_, err := Convert([]string{src}, m, "", Options{})
	want := `mapping.toml: revenue[1].file: "Umsatz.csv" is not among the sources (the files found are Kunden.csv, Other.xlsx)`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
	// a name without an extension is found as .csv or .xlsx, in any case,
	// and a folder in the name is ignored
	m = mustParse(t, strings.Replace(accountsOnly, `"Kunden.csv"`, `"exports/KUNDEN"`, 1))
	if _, err := Convert([]string{src}, m, "", Options{}); err != nil {
		t.Errorf("file = \"exports/KUNDEN\": %v", err)
	}
	_, err = Convert([]string{t.TempDir()}, m, "", Options{})
	if err == nil || !strings.Contains(err.Error(), "no CSV or XLSX file was found in") {
		t.Errorf("an empty folder: %v", err)
	}
	if _, err := Convert(nil, m, "", Options{}); err == nil || !strings.Contains(err.Error(), "no source given") {
		t.Errorf("no source: %v", err)
	}
}

func TestMissingColumn(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"Kunden.csv": accountsCSV,
		"Semi.csv":   "Nr;Name;Owner\n1;Alder;ann@ours.example\n",
	})
	m := mustParse(t, `
[[accounts]]
file = "Kunden.csv"
keep = { column = "Status", values = ["x"] }
[accounts.fields]
account_id = "Nr"
name = "Firma"
industry = { columns = ["Branche", "Sektor"] }
`)
	_, err := Convert([]string{src}, m, "", Options{})
	want := `Kunden.csv: the file has no column "Firma" (accounts[1].fields.name), "Sektor" (accounts[1].fields.industry), "Status" (accounts[1].keep.column), which mapping.toml names; its columns are "Nr", "Name", "Form", "Owner", "Branche", "MA", "Web", "Mehr"`
	if err == nil || !strings.HasPrefix(err.Error(), want) || !errors.Is(err, crm.ErrMissingColumn) {
		t.Fatalf("got %v, want %q", err, want)
	}
	// a file separated by semicolons is read as well
	rep, err := Convert([]string{src}, mustParse(t, strings.Replace(accountsOnly, "Kunden.csv", "Semi.csv", 1)), "", Options{})
	if err != nil || rep.Written["accounts.csv"] != 1 {
		t.Fatalf("a file separated by semicolons: %v", err)
	}
}

// TestAllOrNothing: a conversion that fails after activities.csv was
// begun leaves the files of the folder as they were, and no other file.
func TestAllOrNothing(t *testing.T) {
	src := writeFiles(t, map[string]string{
		"Kunden.csv": accountsCSV,
		"Akt.csv":    "ID,Kunde,Wann,Wer\na1,1,2025-03-01,ann@ours.example\n",
		"Umsatz.csv": "Kunde,Produkt,Monat\n1,X,2025-01\n",
	})
	out := t.TempDir()
	old := map[string]string{"accounts.csv": "account_id,name\nold,Old\n", "activities.csv": "activity_id\n", "notes.txt": "mine"}
	for name, content := range old {
		if err := os.WriteFile(filepath.Join(out, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m := mustParse(t, accountsOnly+`
[[activities]]
file = "Akt.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Wann"
our_people = "Wer"

[[revenue]]
file = "Umsatz.csv"
[revenue.fields]
account_id = "Kunde"
product = "Produkt"
month = "Monat"
amount = "Betrag"
`)
	if _, err := Convert([]string{src}, m, out, Options{}); err == nil || !strings.Contains(err.Error(), `"Betrag"`) {
		t.Fatalf("got %v, want the missing column Betrag", err)
	}
	ents, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != "accounts.csv,activities.csv,notes.txt" {
		t.Errorf("the folder holds %v after a failed conversion", names)
	}
	for name, content := range old {
		if got := read(t, out, name); got != content {
			t.Errorf("%s changed to %q", name, got)
		}
	}
}

// TestDryRun: with no out folder nothing is written, and the report is
// that of a real conversion.
func TestDryRun(t *testing.T) {
	files := map[string]string{
		"Kunden.csv": accountsCSV + ",nameless,,\n",
		"Akt.csv":    "ID,Kunde,Wann,Wer\na1,1,2025-03-01,ann@ours.example\na2,7,2025-03-01,ann@ours.example\n",
	}
	mapping := accountsOnly + `
[[activities]]
file = "Akt.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Wann"
our_people = "Wer"
`
	src := writeFiles(t, files)
	cwd := t.TempDir()
	t.Chdir(cwd)
	var calls int
	dry, err := Convert([]string{src}, mustParse(t, mapping), "", Options{Progress: func(done, total int64) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{src, cwd} {
		ents, _ := os.ReadDir(dir)
		if dir == src && len(ents) != 2 || dir == cwd && len(ents) != 0 {
			t.Errorf("%s holds %d files after a dry run", dir, len(ents))
		}
	}
	real, _ := convert(t, mapping, files)
	if strings.Join(skipLines(dry), "\n") != strings.Join(skipLines(real), "\n") ||
		!maps(dry.Read, real.Read) || !maps(dry.Written, real.Written) || len(dry.Skipped) != 2 || dry.Written["team.csv"] != 2 {
		t.Errorf("dry run %v %v %v; conversion %v %v %v", dry.Read, dry.Written, skipLines(dry), real.Read, real.Written, skipLines(real))
	}
	if calls == 0 {
		t.Error("Progress was never called")
	}
}

func maps(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestXLSXAndZip reads a workbook, given on its own and in a zip file.
func TestXLSXAndZip(t *testing.T) {
	dir := t.TempDir()
	wb := excelize.NewFile()
	sheet := wb.GetSheetName(0)
	rows := [][]any{
		{"Firmen-ID", "Firma", "Mitarbeiter", "Umsatz", "Monat"},
		{"K1", "Alder", 120, 1234.5, "2025-01"},
		{"K2", "Birch", "1.200", "-80,25", "2025-02"},
		{},
		{"K3", "Cedar", nil, 7, "2025-02"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	xlsx := filepath.Join(dir, "Firmen.xlsx")
	if err := wb.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	m := mustParse(t, `
[[accounts]]
file = "Firmen.xlsx"
[accounts.fields]
account_id = "Firmen-ID"
name = "Firma"
employees = { column = "Mitarbeiter", decimal = "," }

[[revenue]]
file = "Firmen.xlsx"
[revenue.fields]
account_id = "Firmen-ID"
product = { constant = "All" }
month = "Monat"
amount = { column = "Umsatz", decimal = "," }
`)
	// the same workbook in a zip file, in a folder of it
	zpath := filepath.Join(dir, "export.zip")
	zf, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	w, _ := zw.Create("export/Firmen.xlsx")
	b, _ := os.ReadFile(xlsx)
	w.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	for _, src := range []string{xlsx, zpath} {
		out := t.TempDir()
		rep, err := Convert([]string{src}, m, out, Options{})
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		wantFile(t, out, "accounts.csv", "account_id,name,owner,industry,employees,domains\nK1,Alder,,,120,\nK2,Birch,,,1200,\nK3,Cedar,,,,\n")
		// 1234.5 is a number cell, read as 1234.5 whatever the
		// language: with decimal "," it is not a number (a thousands
		// group cut short); "-80,25" is text
		wantFile(t, out, "revenue.csv", "account_id,product,month,amount\nK2,All,2025-02,-80.25\nK3,All,2025-02,7\n")
		wantSkips(t, rep, `Firmen.xlsx: 1: revenue[1]: amount is not a number such as 1.234,50 (column "Umsatz") (lines 2)`)
		if rep.Read["Firmen.xlsx"] != 3 {
			t.Errorf("read %v", rep.Read)
		}
	}
}

// TestOurPeopleFromOwnersOnly: with no team section and no activities, the
// team is the account owners.
func TestTeamFromOwners(t *testing.T) {
	_, out := convert(t, accountsOnly, map[string]string{"Kunden.csv": accountsCSV})
	wantFile(t, out, "team.csv", "email,name,capacity_hours\nann@ours.example,,\nben@ours.example,,\n")
	if got := read(t, out, "accounts.csv"); !strings.Contains(got, "\n1,Alder,ann@ours.example,") {
		t.Errorf("the owner is not lower-cased: %s", got)
	}
}

func TestSectionOrderIsKindOrder(t *testing.T) {
	// activities written before accounts in the file still see them
	m := mustParse(t, `
[[activities]]
file = "Akt.csv"
[activities.fields]
activity_id = "ID"
account_id = "Kunde"
date = "Wann"
our_people = "Wer"
`+accountsOnly)
	kindsRead := make([]kind, len(m.sections))
	for i, s := range m.sections {
		kindsRead[i] = s.kind
	}
	if !slices.Equal(kindsRead, []kind{kAccounts, kActivities}) {
		t.Errorf("sections read in the order %v", kindsRead)
	}
}
