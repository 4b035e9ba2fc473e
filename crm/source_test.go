package crm

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func readText(t *testing.T, in string) string {
	t.Helper()
	b, err := io.ReadAll(NewTextReader(strings.NewReader(in)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTextReader(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"UTF-8", "café", "café"},
		{"byte order mark", "\xEF\xBB\xBFcafé", "café"},
		{"Windows-1252", "caf\xe9 \x80 \x93x\x94", "café € “x”"},
		{"ISO-8859-1", "M\xfcller, Gr\xfc\xdfe", "Müller, Grüße"},
		{"a rune across reads", strings.Repeat("a", 1<<16-1) + "é" + strings.Repeat("b", 10), strings.Repeat("a", 1<<16-1) + "é" + strings.Repeat("b", 10)},
		{"Windows-1252 after a long ASCII start", strings.Repeat("a", 1<<16) + "caf\xe9", strings.Repeat("a", 1<<16) + "café"},
		{"a cut rune at the end", "caf\xc3", "cafÃ"},
		{"empty", "", ""},
	} {
		if got := readText(t, c.in); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, trunc(got), trunc(c.want))
		}
	}
}

func trunc(s string) string {
	if len(s) > 40 {
		return s[:20] + "…" + s[len(s)-20:]
	}
	return s
}

// FuzzTextReader checks the text reader always gives valid UTF-8, gives
// valid UTF-8 input back as it is (but a leading byte order mark), and
// reads input that is ASCII up to its first byte that is not UTF-8 exactly as
// DecodeText does.
func FuzzTextReader(f *testing.F) {
	for _, s := range []string{"café", "caf\xe9", "\xEF\xBB\xBFa,b\r\n", "\x80\x81\x8d", "a\xc3", "日本語"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		b, err := io.ReadAll(NewTextReader(strings.NewReader(string(in))))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b) {
			t.Fatalf("%q gave invalid UTF-8 %q", in, b)
		}
		if utf8.Valid(in) && string(b) != strings.TrimPrefix(string(in), "\uFEFF") {
			t.Fatalf("valid UTF-8 %q changed to %q", in, b)
		}
		body := trimBOM(in)
		if !utf8.Valid(in) && firstNonASCII(body) == validPrefix(body) {
			if want := DecodeText(in); string(b) != want {
				t.Fatalf("%q read as %q, want %q", in, b, want)
			}
		}
	})
}

func firstNonASCII(b []byte) int {
	for i, c := range b {
		if c >= utf8.RuneSelf {
			return i
		}
	}
	return len(b)
}

// writeCSV writes files into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func collect(t *testing.T, s *Source, name string, c Columns, cols ...string) ([][]string, []int64) {
	t.Helper()
	tb := s.Lookup(name)
	if tb == nil {
		t.Fatalf("%s not found", name)
	}
	var out [][]string
	var lines []int64
	err := s.Each(tb, c, func(r Row) error {
		var rec []string
		for _, c := range cols {
			rec = append(rec, r.Get(c))
		}
		out = append(out, rec)
		lines = append(lines, r.Line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, lines
}

func TestSourceFolderCSV(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"Deals.csv":  "\"Record ID\",\"Deal Name\",\"Notes\"\r\n\"1\",\"Big, deal\",\"two\r\nlines\"\r\n\"2\",\"\",\"\"\r\n",
		"notes.txt":  "ignored",
		"Other.CSV":  "a\n1\n",
		"~$Open.csv": "lock file",
	})
	s, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := len(s.Tables()); n != 2 {
		t.Fatalf("%d tables, want 2 (the csv files)", n)
	}
	rows, lines := collect(t, s, "deals.csv", Columns{Required: []string{"hs_object_id"}, Aliases: map[string][]string{"hs_object_id": {"Record ID"}, "dealname": {"Deal Name"}}},
		"hs_object_id", "dealname", "notes", "missing")
	if len(rows) != 2 || rows[0][0] != "1" || rows[0][1] != "Big, deal" || rows[0][2] != "two\nlines" || rows[0][3] != "" || rows[1][1] != "" {
		t.Errorf("rows = %q", rows)
	}
	if lines[0] != 2 || lines[1] != 4 {
		t.Errorf("lines = %v, want [2 4]", lines)
	}
}

func TestSourceMissingColumn(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.csv": "x,y\n1,2\n"})
	s, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Each(s.Lookup("a.csv"), Columns{Required: []string{"hs_object_id"}, Aliases: map[string][]string{"hs_object_id": {"Record ID"}}}, func(Row) error { return nil })
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), "a.csv") || !strings.Contains(err.Error(), `"Record ID"`) {
		t.Errorf("err = %v", err)
	}
	empty := writeFiles(t, map[string]string{"e.csv": ""})
	s, _ = OpenSource(empty)
	if err := s.Each(s.Lookup("e.csv"), Columns{Required: []string{"x"}}, func(Row) error { return nil }); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}
}

func TestSourceZipAndXLSX(t *testing.T) {
	dir := t.TempDir()
	// a workbook
	wb := excelize.NewFile()
	sh := wb.GetSheetName(0)
	for i, row := range [][]any{{"Record ID", "Company name"}, {101, "Alder GmbH"}, {nil, nil}, {102, "Birch"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow(sh, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	xlsxPath := filepath.Join(dir, "companies.xlsx")
	if err := wb.SaveAs(xlsxPath); err != nil {
		t.Fatal(err)
	}
	xb, _ := os.ReadFile(xlsxPath)
	// a zip of a csv in a folder and the workbook
	zpath := filepath.Join(dir, "export.zip")
	f, _ := os.Create(zpath)
	zw := zip.NewWriter(f)
	for name, body := range map[string][]byte{"export/contacts.csv": []byte("Email\nA@x.example\n"), "companies.xlsx": xb, "__MACOSX/export/._contacts.csv": []byte("junk")} {
		w, _ := zw.Create(name)
		w.Write(body)
	}
	zw.Close()
	f.Close()

	for _, paths := range [][]string{{zpath}, {xlsxPath, filepath.Join(dir, "export.zip")}} {
		s, err := OpenSource(paths...)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(s.Tables()); n != 2 {
			t.Errorf("%v: %d tables", paths, n)
		}
		rows, lines := collect(t, s, "companies.xlsx", Columns{}, "record id", "Company Name")
		if len(rows) != 2 || rows[0][0] != "101" || rows[1][1] != "Birch" || lines[1] != 4 {
			t.Errorf("%v: workbook rows %q lines %v", paths, rows, lines)
		}
		if head, err := s.Header(s.Lookup("companies.xlsx")); err != nil || strings.Join(head, "|") != "Record ID|Company name" {
			t.Errorf("header %q %v", head, err)
		}
		rows, _ = collect(t, s, "contacts.csv", Columns{}, "email")
		if len(rows) != 1 || rows[0][0] != "A@x.example" {
			t.Errorf("%v: zip csv rows %q", paths, rows)
		}
		s.Close()
	}
	if _, err := OpenSource(filepath.Join(dir, "nope")); err == nil {
		t.Error("a missing path opened")
	}
	bad := filepath.Join(dir, "bad.zip")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := OpenSource(bad); err == nil || !strings.Contains(err.Error(), "neither") {
		t.Errorf("not a zip: %v", err)
	}
}

func TestSourceProgress(t *testing.T) {
	body := "a\n" + strings.Repeat("1\n", 10000)
	dir := writeFiles(t, map[string]string{"a.csv": body})
	s, _ := OpenSource(dir)
	var last, total int64
	s.Progress = func(d, tot int64) { last, total = d, tot }
	if err := s.Each(s.Lookup("a.csv"), Columns{}, func(Row) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if total != int64(len(body)) || last != total {
		t.Errorf("progress %d of %d, want %d of %d", last, total, len(body), len(body))
	}
}

// FuzzEach checks any bytes as a CSV file give rows of valid UTF-8 or an
// error that names the file, and never a panic.
func FuzzEach(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "\"a\",\"b\"\r\n\"x\"\"y\",\"two\nlines\"\r\n", "a\n\"open", "Id\n\xe9\n", "a;b\n1;2", "\xEF\xBB\xBF\"Record ID\"\n1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "f.csv"), in, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSource(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var last int64
		err = s.Each(s.Lookup("f.csv"), Columns{}, func(r Row) error {
			if r.Line <= last {
				t.Fatalf("line %d after %d", r.Line, last)
			}
			last = r.Line
			for _, c := range r.Record() {
				if !utf8.ValidString(c) {
					t.Fatalf("cell %q is not UTF-8", c)
				}
			}
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), "f.csv: ") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}

// TestSourceLargeFile reads a file large enough to be parsed by a
// goroutine of its own: every record, in order, with its line; and an
// error of the caller stops the reading.
func TestSourceLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,text\n")
	n := 0
	for b.Len() < pipelineSize+1<<20 {
		n++
		if n%1000 == 0 {
			fmt.Fprintf(&b, "%d,\"two\nlines\"\n", n)
		} else {
			fmt.Fprintf(&b, "%d,caf\xc3\xa9 %d\n", n, n)
		}
	}
	dir := writeFiles(t, map[string]string{"big.csv": b.String()})
	s, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, line := 0, int64(1)
	err = s.Each(s.Lookup("big.csv"), Columns{Required: []string{"id"}}, func(r Row) error {
		got++
		if want := strconv.Itoa(got); r.Get("id") != want {
			return fmt.Errorf("record %d has id %s", got, r.Get("id"))
		}
		if r.Line != line+1 {
			return fmt.Errorf("record %d on line %d, want %d", got, r.Line, line+1)
		}
		line = r.Line
		if got%1000 == 0 {
			line++ // two lines
		}
		return nil
	})
	if err != nil || got != n {
		t.Fatalf("read %d of %d records: %v", got, n, err)
	}
	stop := errors.New("enough")
	calls := 0
	err = s.Each(s.Lookup("big.csv"), Columns{}, func(Row) error {
		calls++
		if calls == 700 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 700 {
		t.Errorf("stopping: %v after %d calls", err, calls)
	}
}

func TestSourceSeparators(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"semi.csv":  "Nr;Name;\"Notes; more\"\r\n1;Alder, Inc;\"a;b\"\r\n",
		"tab.csv":   "Nr\tName\n1\tAlder, Inc\n",
		"comma.csv": "Nr,\"Name; full\"\n1,\"Alder; Inc\"\n",
	})
	s, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, name, col, want string }{
		{"semi.csv", "Name", "Notes; more", "a;b"},
		{"tab.csv", "Name", "Nr", "1"},
		{"comma.csv", "Name; full", "Nr", "1"},
	} {
		rows, _ := collect(t, s, c.file, Columns{Required: []string{c.col}}, "Nr", c.name, c.col)
		if len(rows) != 1 || rows[0][0] != "1" || !strings.HasPrefix(rows[0][1], "Alder") || rows[0][2] != c.want {
			t.Errorf("%s: rows %q", c.file, rows)
		}
	}
}

// TestEachPrepared: on a file large enough to be parsed by a goroutine of
// its own, prepare sees every row once, in order, and fn gets each row with
// what prepare made of it; both may look up columns (go test -race).
func TestEachPrepared(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,twice\n")
	n := 0
	for b.Len() < pipelineSize+1<<20 {
		n++
		fmt.Fprintf(&b, "%d,%d\n", n, 2*n)
	}
	dir := writeFiles(t, map[string]string{"big.csv": b.String()})
	s, err := OpenSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	prepared, got := 0, 0
	err = EachPrepared(s, s.Lookup("big.csv"), Columns{Required: []string{"id"}}, func(r Row) int {
		prepared++
		v, _ := strconv.Atoi(r.Get("twice"))
		return v
	}, func(r Row, twice int) error {
		got++
		id, _ := strconv.Atoi(r.Get("id"))
		if id != got || twice != 2*id {
			return fmt.Errorf("row %d: id %d, prepared %d", got, id, twice)
		}
		return nil
	})
	if err != nil || got != n || prepared != n {
		t.Fatalf("%d rows, %d prepared, of %d: %v", got, prepared, n, err)
	}
	// a header without the required column stops before any row
	err = EachPrepared(s, s.Lookup("big.csv"), Columns{Required: []string{"name"}}, func(Row) int { return 0 },
		func(Row, int) error { return errors.New("called") })
	if !errors.Is(err, ErrMissingColumn) {
		t.Errorf("missing column: %v", err)
	}
}
