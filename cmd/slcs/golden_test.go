package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// examplePortfolio is the example of the repository, relative to this package.
const examplePortfolio = "../../examples/portfolio"

// goldenAsOf fixes the as-of date so the golden files do not depend on today.
const goldenAsOf = "2026-11-30"

// runCmd runs slcs in process and returns its exit status and outputs.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares got with testdata/golden/name byte for byte, or rewrites
// the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file %s:\n%s", name, path, firstDiff(string(got), string(want)))
	}
}

// firstDiff describes the first differing line of two texts.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return "line " + strconv.Itoa(i+1) + ":\n got  " + strconv.Quote(gl) + "\n want " + strconv.Quote(wl)
		}
	}
	return "(same lines, different bytes)"
}

func TestGoldenCSV(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "classification.csv")
	isos := filepath.Join(dir, "isos.csv")
	audit := filepath.Join(dir, "audit.csv")
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf,
		"--format", "csv", "-o", out, "--isos", isos, "--audit", audit)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout is not empty with -o: %q", stdout)
	}
	for _, f := range []string{"classification.csv", "isos.csv", "audit.csv"} {
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, f, got)
	}
}

func TestGoldenCSVOnStdout(t *testing.T) {
	// the classification written to standard output is the same as to a file
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf, "--format", "csv")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if *update {
		return
	}
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "classification.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if stdout != string(want) {
		t.Errorf("--format csv on stdout differs from the golden classification:\n%s", firstDiff(stdout, string(want)))
	}
}

func TestGoldenText(t *testing.T) {
	code, stdout, stderr := runCmd(t, "classify", examplePortfolio, "--as-of", goldenAsOf)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr is not empty: %q", stderr)
	}
	golden(t, "report.txt", []byte(stdout))
}

// TestGoldenFilesShape checks the golden CSV files against the specification
// ("Output of classify"), so that a wrong -update does not pass unnoticed.
func TestGoldenFilesShape(t *testing.T) {
	if *update {
		t.Skip("golden files are being rewritten")
	}
	tests := []struct {
		file    string
		header  string
		sortKey func(row []string) string
		decimal map[int]int // column index -> decimals; -1 whole number; -2 empty or 2 decimals
	}{
		{
			file:    "classification.csv",
			header:  "account_id,name,owner,segment,engagement,potential,potential_value,pairs,frequency,proactiveness,revenue_12m,recommended_hours",
			sortKey: func(r []string) string { return r[0] },
			decimal: map[int]int{4: 2, 5: 2, 6: 2, 7: -1, 8: 6, 9: 6, 10: 2, 11: 2},
		},
		{
			file:    "isos.csv",
			header:  "account_id,product,kind,value",
			sortKey: func(r []string) string { return r[0] + "\x00" + r[1] },
			decimal: map[int]int{3: 2},
		},
		{
			file: "audit.csv",
			header: "person,owned_accounts,capacity_hours,actual_key,actual_maintenance,actual_growth_potential," +
				"actual_service,recommended_key,recommended_maintenance,recommended_growth_potential,recommended_service,misallocation",
			sortKey: func(r []string) string { return r[0] },
			decimal: map[int]int{1: -1, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2, 10: 2, 11: -2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "golden", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			rows := readCSV(t, data)
			if len(rows) < 2 {
				t.Fatalf("%d rows", len(rows))
			}
			if h := strings.Join(rows[0], ","); h != tt.header {
				t.Errorf("header %q\nwant   %q", h, tt.header)
			}
			prev := ""
			for i, r := range rows[1:] {
				k := tt.sortKey(r)
				if i > 0 && k <= prev {
					t.Errorf("row %d (%q) is not after the previous one (%q)", i+2, k, prev)
				}
				prev = k
				for col, dec := range tt.decimal {
					if !isDecimal(r[col], dec) {
						t.Errorf("row %d column %s = %q, want %d decimals", i+2, rows[0][col], r[col], dec)
					}
				}
			}
		})
	}
}

// isDecimal reports whether s is an optional '-', digits and exactly dec
// decimals (dec -1: a whole number; dec -2: empty or 2 decimals).
func isDecimal(s string, dec int) bool {
	if dec == -2 {
		return s == "" || isDecimal(s, 2)
	}
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasDot := strings.Cut(s, ".")
	digits := func(x string) bool {
		if x == "" {
			return false
		}
		for _, c := range x {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	if dec == -1 {
		return !hasDot && digits(whole)
	}
	return hasDot && digits(whole) && digits(frac) && len(frac) == dec
}

// readCSV parses CSV text, failing the test when it is not valid.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v", err)
	}
	return rows
}
