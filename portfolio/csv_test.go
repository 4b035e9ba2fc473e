package portfolio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// csvRec is a record read by csvReader, or its error.
type csvRec struct {
	line   int
	fields []string
	err    bool // a *csvError at (line, field)
	field  int
}

// readAll reads every record of input, going on after syntax errors.
func readAll(t testing.TB, input string) []csvRec {
	t.Helper()
	r := newCSVReader(strings.NewReader(input))
	var out []csvRec
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatalf("csvReader does not end on %q", input)
		}
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var ce *csvError
			if !errors.As(err, &ce) {
				t.Fatalf("Read: %T %v, want a *csvError", err, err)
			}
			out = append(out, csvRec{line: ce.line, err: true, field: ce.field})
			continue
		}
		fs := make([]string, len(rec))
		for j, f := range rec {
			fs[j] = string(f)
		}
		out = append(out, csvRec{line: r.recLine, fields: fs})
	}
}

func ok(line int, fields ...string) csvRec { return csvRec{line: line, fields: fields} }
func bad(line, field int) csvRec           { return csvRec{line: line, err: true, field: field} }

func TestCSVReader(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []csvRec
	}{
		{"empty", "", nil},
		{"only line ends", "\n\r\n\n", nil},
		{"only blanks", " \n\t\n \t \r\n", nil},
		{"one field", "a\n", []csvRec{ok(1, "a")}},
		{"no final line end", "a,b\nc,d", []csvRec{ok(1, "a", "b"), ok(2, "c", "d")}},
		{"CRLF", "a,b\r\nc,d\r\n", []csvRec{ok(1, "a", "b"), ok(2, "c", "d")}},
		{"CR inside a line is data", "a\rb,c\n", []csvRec{ok(1, "a\rb", "c")}},
		{"BOM", "\xef\xbb\xbfa,b\nc\n", []csvRec{ok(1, "a", "b"), ok(2, "c")}},
		{"BOM and quote", "\xef\xbb\xbf\"a\",b\n", []csvRec{ok(1, "a", "b")}},
		{"BOM later is data", "a\n\xef\xbb\xbfb\n", []csvRec{ok(1, "a"), ok(2, "\xef\xbb\xbfb")}},
		{"blank lines skipped and counted", "\n\n  \n\t\na\n\n \nb\n\n", []csvRec{ok(5, "a"), ok(8, "b")}},
		{"empty fields", ",\n,,\n", []csvRec{ok(1, "", ""), ok(2, "", "", "")}},
		{"spaces kept", "  a  , b\t\n", []csvRec{ok(1, "  a  ", " b\t")}},
		{"spaces then comma is a record", "  ,  \n", []csvRec{ok(1, "  ", "  ")}},
		{"quoted comma", "\"a,b\",c\n", []csvRec{ok(1, "a,b", "c")}},
		{"doubled quotes", "\"a\"\"b\",\"\"\"\"\n", []csvRec{ok(1, "a\"b", "\"")}},
		{"empty quoted", "\"\"\n\"\",\"\"\na,\"\"\n\"\",a\n", []csvRec{ok(1, ""), ok(2, "", ""), ok(3, "a", ""), ok(4, "", "a")}},
		{"quoted then empty", "\"a\",\n", []csvRec{ok(1, "a", "")}},
		{"quoted blank", "\"  \"\n", []csvRec{ok(1, "  ")}},
		{"line break in quotes", "\"a\nb\",c\nd,e\n", []csvRec{ok(1, "a\nb", "c"), ok(3, "d", "e")}},
		{"CRLF in quotes", "\"a\r\nb\"\r\nc\r\n", []csvRec{ok(1, "a\nb"), ok(3, "c")}},
		{"empty lines in quotes", "x,\"a\n\n\nb\"\ny\n", []csvRec{ok(1, "x", "a\n\n\nb"), ok(5, "y")}},
		{"blank line in quotes", "\"a\n  \n\"\n", []csvRec{ok(1, "a\n  \n")}},
		{"quote at line start", "\"a\n\"\"b\nc\"\"\",d\n", []csvRec{ok(1, "a\n\"b\nc\"", "d")}},
		{"several quoted lines", "1,\"a\nb\",\"c\nd\"\n2\n", []csvRec{ok(1, "1", "a\nb", "c\nd"), ok(4, "2")}},
		{"unicode", "é,\"日本\",😀\n", []csvRec{ok(1, "é", "日本", "😀")}},
		{"NUL is data", "a\x00b\n", []csvRec{ok(1, "a\x00b")}},

		// errors; reading goes on at the next line
		{"bare quote", "a,b\"c,d\ne\n", []csvRec{bad(1, 1), ok(2, "e")}},
		{"bare quote at end", "a,b\"\n", []csvRec{bad(1, 1)}},
		{"bare quote after quoted field", "\"a\",b\"\n", []csvRec{bad(1, 1)}},
		{"space before quote", "a, \"b\"\n", []csvRec{bad(1, 1)}},
		{"text after closing quote", "\"a\"b,c\nd\n", []csvRec{bad(1, 0), ok(2, "d")}},
		{"space after closing quote", "x,\"a\" ,c\n", []csvRec{bad(1, 1)}},
		{"text after a multi-line field", "x\n\"a\nb\"c\nd\n", []csvRec{ok(1, "x"), bad(2, 0), ok(4, "d")}},
		{"unclosed at EOF", "x\n\"abc\nde\n", []csvRec{ok(1, "x"), bad(2, 0)}},
		{"unclosed at EOF no line end", "x,\"abc", []csvRec{bad(1, 1)}},
		{"unclosed by a doubled quote", "\"a\"\"\n", []csvRec{bad(1, 0)}},
		{"invalid UTF-8", "a,b\xff,c\nd\n", []csvRec{bad(1, 1), ok(2, "d")}},
		{"invalid UTF-8 first field", "\xc3(,b\n", []csvRec{bad(1, 0)}},
		{"invalid UTF-8 in quotes", "a,\"b\n\xe2\x82\",c\nd\n", []csvRec{bad(1, 1), ok(3, "d")}},
		{"truncated rune", "a,\xe2\x82\n", []csvRec{bad(1, 1)}},
		{"overlong encoding", "\xc0\xaf\n", []csvRec{bad(1, 0)}},
		{"surrogate", "\xed\xa0\x80\n", []csvRec{bad(1, 0)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := readAll(t, c.in)
			if len(got) != len(c.want) {
				t.Fatalf("%q: got %+v, want %+v", c.in, got, c.want)
			}
			for i := range got {
				g, w := got[i], c.want[i]
				if g.line != w.line || g.err != w.err || (g.err && g.field != w.field) || strings.Join(g.fields, "\x1f") != strings.Join(w.fields, "\x1f") || len(g.fields) != len(w.fields) {
					t.Errorf("%q: record %d = %+v, want %+v", c.in, i, g, w)
				}
			}
		})
	}
}

// TestCSVReaderLongLines: lines longer than the reader's buffer.
func TestCSVReaderLongLines(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	quoted := strings.Repeat("q\"\"", 1<<20)
	in := "h1,h2\n" + long + ",y\n\n" + "a,\"" + quoted + "\n" + long + "\"\n" + "z," + long + "\n"
	got := readAll(t, in)
	want := []csvRec{ok(1, "h1", "h2"), ok(2, long, "y"), ok(4, "a", strings.Repeat("q\"", 1<<20)+"\n"+long), ok(6, "z", long)}
	if len(got) != len(want) {
		t.Fatalf("got %d records, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].line != want[i].line || got[i].err || len(got[i].fields) != 2 ||
			got[i].fields[0] != want[i].fields[0] || got[i].fields[1] != want[i].fields[1] {
			t.Errorf("record %d: line %d err %v, %d fields; want line %d", i, got[i].line, got[i].err, len(got[i].fields), want[i].line)
		}
	}
}

// TestCSVReaderMatchesEncodingCSV runs both readers on the seed corpus.
func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	for _, s := range csvSeeds {
		compareWithEncodingCSV(t, []byte(s))
	}
}

var csvSeeds = []string{
	"",
	"a,b,c\n1,2,3\n",
	"a,\"b,c\",d\n",
	"\"a\"\"b\"\n",
	"\"a\nb\",c\nd,e",
	"\"\"\n",
	",,\n,\n",
	"a,\"b\"c\n",
	"a,b\"c\n",
	"\"abc\n",
	"\"a\"\"\n",
	" \"a\"\n",
	"\"a\" \n",
	"a\n\"b\nc\"\nd\n",
	"\xef\xbb\xbfa,b\n",
	"x,\"\"\"\",y\n",
	"\"a\n \nb\"\n",
	"é,ü\n",
	"a\xffb\n",
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		compareWithEncodingCSV(t, in)
		if !bytes.HasPrefix(in, []byte("\xef\xbb\xbf")) {
			compareChunkReader(t, in, 3, 0)
		}
	})
}

// compareWithEncodingCSV compares csvReader with encoding/csv on inputs
// where both follow RFC 4180 alike: no CR, no blank line (csvReader skips
// lines of spaces), valid UTF-8 for the error comparison. A leading BOM is
// stripped for encoding/csv, which keeps it.
func compareWithEncodingCSV(t *testing.T, in []byte) {
	t.Helper()
	if bytes.IndexByte(in, '\r') >= 0 {
		return
	}
	body := bytes.TrimPrefix(in, []byte("\xef\xbb\xbf"))
	lines := bytes.Split(body, []byte("\n"))
	if len(lines) > 0 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1] // after the final line end
	}
	for _, l := range lines {
		if blank(l) {
			return
		}
	}
	std := csv.NewReader(bytes.NewReader(body))
	std.FieldsPerRecord = -1
	std.LazyQuotes = false
	var want [][]string
	var stdErr error
	for {
		rec, err := std.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			stdErr = err
			break
		}
		want = append(want, rec)
	}

	ours := newCSVReader(bytes.NewReader(in))
	var got [][]string
	var ourErr error
	for {
		rec, err := ours.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			ourErr = err
			break
		}
		fs := make([]string, len(rec))
		for i, f := range rec {
			fs[i] = string(f)
		}
		got = append(got, fs)
		if len(got) > len(in)+1 {
			t.Fatalf("csvReader reads more records than the input has bytes: %q", in)
		}
	}
	if ourErr != nil {
		var ce *csvError
		if !errors.As(ourErr, &ce) {
			t.Fatalf("csvReader error %T %v, want a *csvError", ourErr, ourErr)
		}
	}
	if stdErr == nil && ourErr == nil {
		if len(got) != len(want) {
			t.Fatalf("input %q:\ncsvReader    %q\nencoding/csv %q", in, got, want)
		}
		for i := range got {
			if strings.Join(got[i], "\x00,") != strings.Join(want[i], "\x00,") || len(got[i]) != len(want[i]) {
				t.Fatalf("input %q: record %d:\ncsvReader    %q\nencoding/csv %q", in, i, got[i], want[i])
			}
		}
		return
	}
	if utf8.Valid(in) && (stdErr == nil) != (ourErr == nil) {
		t.Fatalf("input %q: csvReader error %v, encoding/csv error %v", in, ourErr, stdErr)
	}
	// the records before the first error agree
	if stdErr != nil && ourErr != nil && utf8.Valid(in) {
		n := min(len(got), len(want))
		for i := range n {
			if strings.Join(got[i], "\x00,") != strings.Join(want[i], "\x00,") {
				t.Fatalf("input %q: record %d before the error:\ncsvReader    %q\nencoding/csv %q", in, i, got[i], want[i])
			}
		}
	}
}

// TestChunkReaderMatchesStreamReader: the in-memory reader of whole-record
// chunks reads what the streaming reader reads, with the same lines.
func TestChunkReaderMatchesStreamReader(t *testing.T) {
	inputs := append([]string{
		"a,b\n\n \"c\nd\",e\n\t\nf\n",
		"x\r\n\"y\r\n\"\r\n",
		"a\"b\nc\n",
		"\"a\"b\nc\n",
		"\"abc\nd\n",
		"a,\xff\nb\n",
		"last,without,end",
	}, csvSeeds...)
	for _, in := range inputs {
		if strings.HasPrefix(in, "\xef\xbb\xbf") {
			continue // a chunk never starts a file
		}
		compareChunkReader(t, []byte(in), 7, 100)
	}
}

func compareChunkReader(t *testing.T, in []byte, line int, offset int64) {
	t.Helper()
	type out struct {
		line   int
		fields string
		err    string
	}
	read := func(r *csvReader, base int) []out {
		var o []out
		for range len(in) + 2 {
			rec, err := r.Read()
			if err == io.EOF {
				return o
			}
			if err != nil {
				var ce *csvError
				if !errors.As(err, &ce) {
					t.Fatalf("%q: %T %v", in, err, err)
				}
				o = append(o, out{line: ce.line - base, err: ce.reason + string(rune('0'+ce.field))})
				continue
			}
			var fs []string
			for _, f := range rec {
				fs = append(fs, string(f))
			}
			o = append(o, out{line: r.recLine - base, fields: strings.Join(fs, "\x00")})
		}
		t.Fatalf("%q: the reader does not end", in)
		return nil
	}
	stream := newCSVReader(bytes.NewReader(in))
	stream.first = false
	want := read(stream, 0)
	got := read(newChunkReader(append([]byte(nil), in...), line, offset), line)
	if len(got) != len(want) {
		t.Fatalf("%q: chunk reader %+v, stream reader %+v", in, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%q: record %d: chunk reader %+v, stream reader %+v", in, i, got[i], want[i])
		}
	}
}

// TestLastRecordEnd: on well-formed CSV, a chunk is cut only at the end of
// a record, and at the last one that fits.
func TestLastRecordEnd(t *testing.T) {
	pieces := []string{"a", "b c", ",", "\"", "\n", "x\"y", "\n\n", "\"\"", "é", " "}
	seed := uint64(1)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for iter := range 300 {
		var recs [][]string
		for range 1 + rnd(8) {
			var rec []string
			for f := range 1 + rnd(4) {
				var sb strings.Builder
				for range rnd(4) {
					sb.WriteString(pieces[rnd(len(pieces))])
				}
				s := sb.String()
				if f == 0 && s == "" {
					s = "k" // no blank records
				}
				rec = append(rec, s)
			}
			recs = append(recs, rec)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		ends := map[int]bool{}
		for _, r := range recs {
			if err := w.Write(r); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			ends[buf.Len()] = true
		}
		data := buf.Bytes()
		for n := 0; n <= len(data); n++ {
			cut := lastRecordEnd(data[:n])
			want := 0
			for e := range ends {
				if e <= n && e > want {
					want = e
				}
			}
			if cut != want {
				t.Fatalf("iteration %d: lastRecordEnd(%q) = %d, want %d (record ends %v)", iter, data[:n], cut, want, ends)
			}
		}
		compareChunkReader(t, data, 0, 0)
	}
}
