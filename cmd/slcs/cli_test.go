package main

import (
	"github.com/spf13/cobra"

	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slcs/slcs"
	"github.com/slcs/slcs/config"
)

const usageHint = "Run 'slcs help' for usage."

// Classify with no folder reads the workspace; with none there, it says
// how to make one and creates nothing.
func TestClassifyWithoutWorkspace(t *testing.T) {
	t.Chdir(t.TempDir())
	t.Setenv("SLCS_DB", "")
	code, stdout, stderr := runCmd(t, "classify")
	if code != exitError || stdout != "" || !strings.Contains(stderr, "slcs import") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat("slcs.db"); err == nil {
		t.Error("classify created a workspace")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		mention string // a word stderr must hold
	}{
		{"classify with two folders", []string{"classify", examplePortfolio, examplePortfolio}, "arg"},
		{"unknown flag", []string{"classify", examplePortfolio, "--colour"}, "--colour"},
		{"unknown shorthand", []string{"classify", examplePortfolio, "-z"}, "-z"},
		{"format xml", []string{"classify", examplePortfolio, "--format", "xml"}, "xml"},
		{"as-of month 13", []string{"classify", examplePortfolio, "--as-of", "2026-13-01"}, "2026-13-01"},
		{"as-of Feb 30", []string{"classify", examplePortfolio, "--as-of", "2026-02-30"}, "2026-02-30"},
		{"as-of not a date", []string{"classify", examplePortfolio, "--as-of", "yesterday"}, "yesterday"},
		{"flag without value", []string{"classify", examplePortfolio, "--format"}, "format"},
		{"config with an argument", []string{"config", "extra"}, "extra"},
		{"generate without folder", []string{"generate", "--accounts", "3"}, "arg"},
		{"generate zero accounts", []string{"generate", "--accounts", "0", "x"}, "--accounts"},
		{"generate accounts not a number", []string{"generate", "--accounts", "many", "x"}, "many"},
		{"generate bad as-of", []string{"generate", "--as-of", "2026-1-1", "x"}, "2026-1-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != exitUsage {
				t.Errorf("slcs %s: exit %d, want %d (usage); stderr:\n%s", strings.Join(tt.args, " "), code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, usageHint) {
				t.Errorf("stderr lacks the usage hint %q:\n%s", usageHint, stderr)
			}
			if !strings.Contains(stderr, tt.mention) {
				t.Errorf("stderr does not mention %q:\n%s", tt.mention, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty: %q", stdout)
			}
		})
	}
}

// TestUnknownCommandIsUsageError: main.go documents exit 2 as "a command
// line that does not parse"; a misspelt command is one, like an unknown flag.
func TestUnknownCommandIsUsageError(t *testing.T) {
	code, stdout, stderr := runCmd(t, "clasify", examplePortfolio)
	if code != exitUsage {
		t.Errorf("slcs clasify: exit %d, want %d (usage); stderr:\n%s", code, exitUsage, stderr)
	}
	if !strings.Contains(stderr, "clasify") {
		t.Errorf("stderr does not name the unknown command:\n%s", stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
}

func TestNoArgumentsPrintsHelp(t *testing.T) {
	code, stdout, stderr := runCmd(t)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for _, w := range []string{"classify", "config", "generate"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("help does not list %s:\n%s", w, stdout)
		}
	}
}

// writePortfolio writes files (name -> content) into a new folder.
func writePortfolio(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// badPortfolio has a bad date on line 3 of activities.csv.
func badPortfolio(t *testing.T) string {
	return writePortfolio(t, map[string]string{
		"accounts.csv": "account_id,name,owner,industry,employees\n" +
			"A1,Alpha,ann@ourco.example,Software,100\n" +
			"A2,Beta,bob@ourco.example,Software,200\n" +
			"A3,Gamma,,Retail,\n",
		"activities.csv": "activity_id,account_id,date,type,direction,our_people,their_people,minutes\n" +
			"X1,A1,2026-11-01,call,inbound,ann@ourco.example,c@alpha.example,10\n" +
			"X2,A1,2026-11-31,call,inbound,ann@ourco.example,c@alpha.example,10\n" +
			"X3,A2,2026-11-02,meeting,outbound,bob@ourco.example;ann@ourco.example,d@beta.example,\n",
		"revenue.csv": "account_id,product,month,amount\n" +
			"A1,Core,2026-10,100\nA2,Core,2026-10,300\nA3,Core,2026-09,50\n",
	})
}

func dirEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

func TestBadPortfolioWritesNothing(t *testing.T) {
	src := badPortfolio(t)
	outDir := t.TempDir()
	out := filepath.Join(outDir, "out.csv")
	if err := os.WriteFile(out, []byte("previous content\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	isos, audit := filepath.Join(outDir, "i.csv"), filepath.Join(outDir, "a.csv")
	for _, format := range []string{"csv", "json", "text"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, "classify", src, "--as-of", "2026-11-30", "--format", format,
				"-o", out, "--isos", isos, "--audit", audit)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			for _, w := range []string{filepath.Join(src, "activities.csv"), "line 3", "column date", "2026-11-31"} {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not name %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, usageHint) {
				t.Errorf("bad input is not a usage error:\n%s", stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q", stdout)
			}
			for _, p := range []string{isos, audit} {
				if _, err := os.Stat(p); !os.IsNotExist(err) {
					t.Errorf("%s exists after a refused portfolio (%v)", p, err)
				}
			}
			if got, _ := os.ReadFile(out); string(got) != "previous content\n" {
				t.Errorf("out.csv changed: %q", got)
			}
			if got := dirEntries(t, outDir); !reflect.DeepEqual(got, []string{"out.csv"}) {
				t.Errorf("output folder holds %q, want only out.csv", got)
			}
		})
	}
	t.Run("to stdout", func(t *testing.T) {
		code, stdout, _ := runCmd(t, "classify", src, "--as-of", "2026-11-30")
		if code != exitError || stdout != "" {
			t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
		}
	})
}

func TestBadPortfolioNoOutputFilesCreated(t *testing.T) {
	src := badPortfolio(t)
	outDir := t.TempDir()
	code, _, _ := runCmd(t, "classify", src, "--as-of", "2026-11-30", "--format", "csv",
		"-o", filepath.Join(outDir, "out.csv"), "--isos", filepath.Join(outDir, "i.csv"),
		"--audit", filepath.Join(outDir, "a.csv"))
	if code != exitError {
		t.Errorf("exit %d, want 1", code)
	}
	if got := dirEntries(t, outDir); len(got) != 0 {
		t.Errorf("output folder holds %q, want nothing", got)
	}
}

func TestSkipInvalid(t *testing.T) {
	src := badPortfolio(t)
	outDir := t.TempDir()
	out, isos, audit := filepath.Join(outDir, "out.csv"), filepath.Join(outDir, "i.csv"), filepath.Join(outDir, "a.csv")
	code, stdout, stderr := runCmd(t, "classify", src, "--as-of", "2026-11-30", "--format", "csv",
		"-o", out, "--isos", isos, "--audit", audit, "--skip-invalid")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q", stdout)
	}
	var skipped []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "line ") {
			skipped = append(skipped, l)
		}
	}
	if len(skipped) != 1 {
		t.Fatalf("want one skipped row on stderr, got:\n%s", stderr)
	}
	for _, w := range []string{filepath.Join(src, "activities.csv"), "line 3", "column date"} {
		if !strings.Contains(skipped[0], w) {
			t.Errorf("skipped row %q does not name %q", skipped[0], w)
		}
	}
	if !strings.Contains(stderr, "1 bad row skipped") {
		t.Errorf("stderr lacks the count of skipped rows:\n%s", stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, data)
	if len(rows) != 4 {
		t.Fatalf("classification has %d rows, want a header and 3 accounts:\n%s", len(rows), data)
	}
	// A1 keeps its one good activity (X1): one pair
	if rows[1][0] != "A1" || rows[1][7] != "1" {
		t.Errorf("A1 row = %q, want pairs 1", rows[1])
	}
	// A2: one activity with two of our people and one of theirs
	if rows[2][0] != "A2" || rows[2][7] != "2" {
		t.Errorf("A2 row = %q, want pairs 2", rows[2])
	}
	for _, p := range []string{isos, audit} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}

	// the JSON document lists the skipped row
	code, stdout, stderr = runCmd(t, "classify", src, "--as-of", "2026-11-30", "--format", "json", "--skip-invalid")
	if code != 0 {
		t.Fatalf("json: exit %d, stderr:\n%s", code, stderr)
	}
	var doc struct {
		Skipped []struct {
			File   string `json:"file"`
			Line   int    `json:"line"`
			Column string `json:"column"`
		} `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Skipped) != 1 || doc.Skipped[0].Line != 3 || doc.Skipped[0].Column != "date" ||
		doc.Skipped[0].File != filepath.Join(src, "activities.csv") {
		t.Errorf("skipped = %+v", doc.Skipped)
	}

	// the text report says rows were skipped
	code, stdout, _ = runCmd(t, "classify", src, "--as-of", "2026-11-30", "--skip-invalid")
	if code != 0 || !strings.Contains(stdout, "1 bad row skipped") {
		t.Errorf("text: exit %d, report:\n%s", code, stdout)
	}
}

func TestOutputLeavesNoTemporaryFiles(t *testing.T) {
	for _, format := range []string{"csv", "json", "text"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", format,
				"-o", filepath.Join(dir, "out"), "--isos", filepath.Join(dir, "isos.csv"), "--audit", filepath.Join(dir, "audit.csv"))
			if code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q with -o", stdout)
			}
			if got, want := dirEntries(t, dir), []string{"audit.csv", "isos.csv", "out"}; !reflect.DeepEqual(got, want) {
				t.Errorf("folder holds %q, want exactly %q", got, want)
			}
			fi, err := os.Stat(filepath.Join(dir, "out"))
			if err != nil || fi.Size() == 0 {
				t.Errorf("out: %v, %v", fi, err)
			}
		})
	}
	t.Run("only -o", func(t *testing.T) {
		dir := t.TempDir()
		code, _, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", "csv",
			"-o", filepath.Join(dir, "c.csv"))
		if code != 0 {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
		if got := dirEntries(t, dir); !reflect.DeepEqual(got, []string{"c.csv"}) {
			t.Errorf("folder holds %q, want exactly c.csv", got)
		}
	})
}

// TestOutputAllOrNothing: when one output cannot be written, none is.
func TestOutputAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	code, _, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", "csv",
		"-o", out, "--isos", filepath.Join(dir, "no-such-folder", "isos.csv"), "--audit", filepath.Join(dir, "audit.csv"))
	if code != exitError {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "no-such-folder") {
		t.Errorf("stderr does not name the file that could not be written:\n%s", stderr)
	}
	if got := dirEntries(t, dir); len(got) != 0 {
		t.Errorf("folder holds %q, want nothing", got)
	}
}

func TestOutputDashIsStdout(t *testing.T) {
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", "csv", "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "account_id,name,owner,") {
		t.Errorf("stdout does not start with the classification header: %.80q", stdout)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Errorf("a file named - was written")
	}
}

type jsonAccount struct {
	AccountID   string      `json:"account_id"`
	Segment     string      `json:"segment"`
	Engagement  json.Number `json:"engagement"`
	Potential   json.Number `json:"potential"`
	PV          json.Number `json:"potential_value"`
	Explanation struct {
		Engagement struct {
			Score      json.Number `json:"score"`
			Components []struct {
				Name       string       `json:"name"`
				Raw        *json.Number `json:"raw"`
				Percentile *json.Number `json:"percentile"`
				Weight     *json.Number `json:"weight"`
			} `json:"components"`
		} `json:"engagement"`
		Potential struct {
			Score json.Number `json:"score"`
		} `json:"potential"`
	} `json:"explanation"`
	ISOs []struct {
		Product   string          `json:"product"`
		Kind      string          `json:"kind"`
		Value     json.Number     `json:"value"`
		Benchmark json.RawMessage `json:"benchmark"`
	} `json:"isos"`
}

func TestJSONOutput(t *testing.T) {
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !json.Valid([]byte(stdout)) {
		t.Fatalf("not valid JSON")
	}
	var doc struct {
		AsOf      string            `json:"as_of"`
		Settings  *slcs.Settings    `json:"settings"`
		Accounts  []jsonAccount     `json:"accounts"`
		TimePlans []json.RawMessage `json:"time_plans"`
		Audit     []struct {
			Person string `json:"person"`
		} `json:"audit"`
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.AsOf != goldenAsOf {
		t.Errorf("as_of = %q", doc.AsOf)
	}
	if doc.Settings == nil || !reflect.DeepEqual(*doc.Settings, slcs.DefaultSettings()) {
		t.Errorf("settings = %+v, want the defaults", doc.Settings)
	}
	if len(doc.TimePlans) == 0 {
		t.Errorf("no time_plans")
	}

	csvData, err := os.ReadFile(filepath.Join("testdata", "golden", "classification.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, csvData)[1:]
	if len(doc.Accounts) != len(rows) {
		t.Fatalf("%d accounts in JSON, %d in CSV", len(doc.Accounts), len(rows))
	}
	isoCount := 0
	for i, a := range doc.Accounts {
		r := rows[i]
		if a.AccountID != r[0] || a.Segment != r[3] || string(a.Engagement) != r[4] ||
			string(a.Potential) != r[5] || string(a.PV) != r[6] {
			t.Errorf("account %s: JSON segment/engagement/potential/potential_value %s %s %s %s, CSV %s %s %s %s",
				a.AccountID, a.Segment, a.Engagement, a.Potential, a.PV, r[3], r[4], r[5], r[6])
		}
		if a.Explanation.Engagement.Score != a.Engagement || a.Explanation.Potential.Score != a.Potential {
			t.Errorf("account %s: explanation scores differ from the account's", a.AccountID)
		}
		comps := a.Explanation.Engagement.Components
		if len(comps) != 3 {
			t.Errorf("account %s: %d components, want 3", a.AccountID, len(comps))
			continue
		}
		var sum float64
		for j, name := range []string{"pairs", "frequency", "proactiveness"} {
			c := comps[j]
			if c.Name != name || c.Raw == nil || c.Percentile == nil || c.Weight == nil {
				t.Errorf("account %s: component %d = %+v, want %s with raw, percentile and weight", a.AccountID, j, c, name)
				continue
			}
			p, _ := c.Percentile.Float64()
			w, _ := c.Weight.Float64()
			sum += p * w
		}
		// the components explain the score
		if eng, _ := a.Engagement.Float64(); sum-eng > 0.01 || eng-sum > 0.01 {
			t.Errorf("account %s: sum of weighted percentiles %.4f, engagement %v", a.AccountID, sum, eng)
		}
		if raw := comps[0].Raw.String(); raw != r[7] {
			t.Errorf("account %s: pairs %s in JSON, %s in CSV", a.AccountID, raw, r[7])
		}
		for _, iso := range a.ISOs {
			isoCount++
			if len(iso.Benchmark) == 0 || string(iso.Benchmark) == "null" {
				t.Errorf("account %s ISO %s has no benchmark", a.AccountID, iso.Product)
			}
			var b struct {
				PeerGroup string `json:"peer_group"`
				Buyers    int    `json:"buyers"`
			}
			if err := json.Unmarshal(iso.Benchmark, &b); err != nil || b.PeerGroup == "" || b.Buyers < 3 {
				t.Errorf("account %s ISO %s benchmark %s (%v)", a.AccountID, iso.Product, iso.Benchmark, err)
			}
		}
	}
	isoRows := readCSV(t, mustRead(t, filepath.Join("testdata", "golden", "isos.csv")))[1:]
	if isoCount != len(isoRows) {
		t.Errorf("%d ISOs in JSON, %d in the ISO list", isoCount, len(isoRows))
	}
	auditRows := readCSV(t, mustRead(t, filepath.Join("testdata", "golden", "audit.csv")))[1:]
	if len(doc.Audit) != len(auditRows) {
		t.Errorf("%d audit rows in JSON, %d in the CSV", len(doc.Audit), len(auditRows))
	}
	for i := range min(len(doc.Audit), len(auditRows)) {
		if doc.Audit[i].Person != auditRows[i][0] {
			t.Errorf("audit row %d: %s in JSON, %s in CSV", i, doc.Audit[i].Person, auditRows[i][0])
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTextReport(t *testing.T) {
	// colour allowed by the environment: only the non-terminal stdout turns it off
	t.Setenv("NO_COLOR", "")
	os.Unsetenv("NO_COLOR")
	t.Setenv("TERM", "xterm-256color")
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if strings.Contains(stdout, "\x1b") {
		t.Errorf("ANSI escapes in a report to a non-terminal")
	}
	for i, l := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d runes: %q", i+1, n, l)
		}
	}
	for _, w := range []string{"150 accounts classified as of 2026-11-30", "Key Accounts", "Maintenance Accounts",
		"Growth Potential Accounts", "Service Accounts", "SELLERS", "LARGEST INCREMENTAL SALES OPPORTUNITIES"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("report lacks %q", w)
		}
	}
	// the text report written to a file is the same, and has no colour either
	dir := t.TempDir()
	code, _, stderr = runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "-o", filepath.Join(dir, "r.txt"))
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if got := string(mustRead(t, filepath.Join(dir, "r.txt"))); got != stdout {
		t.Errorf("report in a file differs from the one on stdout")
	}
}

// TestTextReportFits80OnGenerated checks the width on a larger portfolio
// with many sellers.
func TestTextReportFits80OnGenerated(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	if code, _, stderr := runCmd(t, "generate", "--accounts", "400", "--seed", "11", "--as-of", "2026-11-30", dir); code != 0 {
		t.Fatalf("generate: exit %d, stderr:\n%s", code, stderr)
	}
	code, stdout, stderr := runCmd(t, "classify", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	for i, l := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("line %d has %d runes: %q", i+1, n, l)
		}
	}
	if !strings.Contains(stdout, "(latest activity)") {
		t.Errorf("report does not say how the as-of date was chosen:\n%.200s", stdout)
	}
}

func TestNoColor(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Run("empty", func(t *testing.T) {
		t.Setenv("NO_COLOR", "")
		if !noColor() {
			t.Errorf("NO_COLOR= (empty): noColor() = false, want true")
		}
	})
	t.Run("1", func(t *testing.T) {
		t.Setenv("NO_COLOR", "1")
		if !noColor() {
			t.Errorf("NO_COLOR=1: noColor() = false, want true")
		}
	})
	t.Run("unset", func(t *testing.T) {
		t.Setenv("NO_COLOR", "") // restores the variable afterwards
		os.Unsetenv("NO_COLOR")
		if noColor() {
			t.Errorf("NO_COLOR unset: noColor() = true, want false")
		}
	})
	t.Run("dumb terminal", func(t *testing.T) {
		t.Setenv("NO_COLOR", "")
		os.Unsetenv("NO_COLOR")
		t.Setenv("TERM", "dumb")
		if !noColor() {
			t.Errorf("TERM=dumb: noColor() = false, want true")
		}
	})
}

func TestConfigPrintsDefaults(t *testing.T) {
	code, stdout, stderr := runCmd(t, "config")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	s, err := config.Parse("stdout", []byte(stdout))
	if err != nil {
		t.Fatalf("config output does not parse: %v\n%s", err, stdout)
	}
	if !reflect.DeepEqual(s, slcs.DefaultSettings()) {
		t.Errorf("config output reads back as %+v, want the defaults", s)
	}
	if strings.Contains(stdout, "default ") {
		t.Errorf("the defaults note a default:\n%s", stdout)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigWithFile(t *testing.T) {
	path := writeFile(t, "s.toml", "[potential]\nmin_buyers = 4\n\n[time.shares]\nkey = 0.6\n")
	code, stdout, stderr := runCmd(t, "config", "--config", path)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(stdout, "\n") {
		if k, _, ok := strings.Cut(l, " = "); ok {
			lines[strings.TrimSpace(k)] += l // each of these keys occurs once
		}
	}
	if l := lines["min_buyers"]; !strings.Contains(l, "= 4 ") || !strings.Contains(l, "default 3") {
		t.Errorf("min_buyers line = %q, want 4 and the default 3", l)
	}
	if l := lines["key"]; !strings.Contains(l, "= 0.6 ") || !strings.Contains(l, "default 0.5") {
		t.Errorf("key line = %q, want 0.6 and the default 0.5", l)
	}
	if n := strings.Count(stdout, "default "); n != 2 {
		t.Errorf("%d defaults noted, want 2:\n%s", n, stdout)
	}
	s, err := config.Parse("stdout", []byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	want := slcs.DefaultSettings()
	want.Potential.MinBuyers, want.Time.Shares.Key = 4, 0.6
	if !reflect.DeepEqual(s, want) {
		t.Errorf("read back %+v, want %+v", s, want)
	}
}

func TestBadConfig(t *testing.T) {
	tests := []struct {
		name, toml, key string
	}{
		{"unknown key", "[engagement]\ncolour = 1\n", "engagement.colour"},
		{"unknown section", "[weights]\npairs = 1\n", "weights"},
		{"wrong type", "[engagement]\nthreshold = \"high\"\n", "engagement.threshold"},
		{"threshold 150", "[engagement]\nthreshold = 150\n", "engagement.threshold"},
		{"key share 0", "[time.shares]\nkey = 0\n", "time.shares.key"},
		{"high percentile 1.5", "[potential]\nhigh_percentile = 1.5\n", "potential.high_percentile"},
		{"dotted key", "engagement.threshold = 150\n", "engagement.threshold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.toml", tt.toml)
			for _, cmd := range [][]string{
				{"config", "--config", path},
				{"classify", examplePortfolio, "--as-of", goldenAsOf, "--config", path},
			} {
				code, stdout, stderr := runCmd(t, cmd...)
				if code != exitError {
					t.Errorf("slcs %s: exit %d, want 1", cmd[0], code)
				}
				if !strings.Contains(stderr, tt.key) {
					t.Errorf("slcs %s: stderr does not name %s:\n%s", cmd[0], tt.key, stderr)
				}
				if !strings.Contains(stderr, path) {
					t.Errorf("slcs %s: stderr does not name the file:\n%s", cmd[0], stderr)
				}
				if stdout != "" {
					t.Errorf("slcs %s: stdout = %.100q", cmd[0], stdout)
				}
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		code, _, stderr := runCmd(t, "config", "--config", filepath.Join(t.TempDir(), "none.toml"))
		if code != exitError || !strings.Contains(stderr, "none.toml") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}

func classifyCSV(t *testing.T, args ...string) [][]string {
	t.Helper()
	code, stdout, stderr := runCmd(t, append([]string{"classify"}, append(args, "--format", "csv")...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	return readCSV(t, []byte(stdout))
}

func TestClassifyWithConfigThresholdZero(t *testing.T) {
	high := func(seg string) bool { return seg == "key" || seg == "maintenance" }
	def := classifyCSV(t, examplePortfolio, "--as-of", goldenAsOf)
	lowActive := 0
	for _, r := range def[1:] {
		if r[7] != "0" && !high(r[3]) {
			lowActive++
		}
	}
	if lowActive == 0 {
		t.Fatal("with the defaults, no active account has low engagement: the test would prove nothing")
	}

	path := writeFile(t, "zero.toml", "[engagement]\nthreshold = 0\n")
	rows := classifyCSV(t, examplePortfolio, "--as-of", goldenAsOf, "--config", path)
	if len(rows) != len(def) {
		t.Fatalf("%d rows, want %d", len(rows), len(def))
	}
	for i, r := range rows[1:] {
		active := r[7] != "0" || r[8] != "0.000000"
		if active && !high(r[3]) {
			t.Errorf("account %s with activity is %s with engagement.threshold = 0", r[0], r[3])
		}
		// engagement >= 0 always holds: every account is high
		if !high(r[3]) {
			t.Errorf("account %s (engagement %s) is %s; every score is >= 0", r[0], r[4], r[3])
		}
		// the potential axis does not change
		dseg := def[i+1][3]
		if (r[3] == "key") != (dseg == "key" || dseg == "growth_potential") {
			t.Errorf("account %s: potential changed (%s, was %s)", r[0], r[3], dseg)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	base := t.TempDir()
	gen := func(name, seed string) string {
		dir := filepath.Join(base, name)
		code, stdout, stderr := runCmd(t, "generate", "--accounts", "40", "--seed", seed, "--as-of", "2026-11-30", dir)
		if code != 0 {
			t.Fatalf("generate: exit %d, stderr:\n%s", code, stderr)
		}
		if stdout != "" {
			t.Errorf("generate wrote to stdout: %q", stdout)
		}
		return dir
	}
	a, b, c := gen("a", "3"), gen("b", "3"), gen("c", "4")
	files := dirEntries(t, a)
	if want := []string{"accounts.csv", "activities.csv", "revenue.csv", "team.csv"}; !reflect.DeepEqual(files, want) {
		t.Fatalf("generate wrote %q, want %q", files, want)
	}
	if got := dirEntries(t, b); !reflect.DeepEqual(got, files) {
		t.Fatalf("second run wrote %q", got)
	}
	differ := false
	for _, f := range files {
		fa, fb, fc := mustRead(t, filepath.Join(a, f)), mustRead(t, filepath.Join(b, f)), mustRead(t, filepath.Join(c, f))
		if !bytes.Equal(fa, fb) {
			t.Errorf("%s differs between two runs with the same seed", f)
		}
		if !bytes.Equal(fa, fc) {
			differ = true
		}
	}
	if !differ {
		t.Errorf("seeds 3 and 4 wrote the same files")
	}
	if n := len(readCSV(t, mustRead(t, filepath.Join(a, "accounts.csv")))) - 1; n != 40 {
		t.Errorf("accounts.csv has %d accounts, want 40", n)
	}

	// and the generated portfolio classifies
	rows := classifyCSV(t, a, "--as-of", "2026-11-30")
	if len(rows) != 41 {
		t.Errorf("classification has %d rows, want 41", len(rows))
	}
	segs := map[string]int{}
	for _, r := range rows[1:] {
		segs[r[3]]++
	}
	if len(segs) < 2 {
		t.Errorf("every generated account in one segment: %v", segs)
	}
	code, stdout, stderr := runCmd(t, "classify", a)
	if code != 0 || !strings.Contains(stdout, "40 accounts classified") {
		t.Errorf("text report: exit %d, stderr %s\n%s", code, stderr, stdout)
	}
}

func TestHelpClassify(t *testing.T) {
	for _, args := range [][]string{{"help", "classify"}, {"classify", "--help"}} {
		code, stdout, stderr := runCmd(t, args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %s", args, code, stderr)
		}
		for _, w := range []string{"--skip-invalid", "--format", "--as-of", "--isos", "--audit", "--config", "-o, --output"} {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v does not mention %s", args, w)
			}
		}
	}
}

func TestEveryCommandIsDocumented(t *testing.T) {
	root := newRoot(&env{stdout: io.Discard, stderr: io.Discard})
	var cmds []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		cmds = append(cmds, c)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	names := map[string]bool{}
	for _, c := range cmds {
		names[c.Name()] = true
		if strings.TrimSpace(c.Short) == "" {
			t.Errorf("command %q has no Short help", c.CommandPath())
		}
		if strings.TrimSpace(c.Long) == "" {
			t.Errorf("command %q has no Long help", c.CommandPath())
		}
		if len(c.Short) > 80 {
			t.Errorf("command %q: Short help longer than 80 characters", c.CommandPath())
		}
	}
	for _, name := range []string{"slcs", "classify", "config", "generate", "serve", "user", "add", "passwd", "token", "revoke"} {
		if !names[name] {
			t.Errorf("no %s command", name)
		}
	}
}
