package portfolio

import (
	"strings"
	"testing"
	"time"

	"github.com/slcs/slcs"
)

func TestTrim(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"a":              "a",
		"  a  ":          "a",
		"\t a b \t":      "a b",
		" \t \t":         "",
		"\ra\n":          "\ra\n", // only spaces and tabs
		"\u00a0a\u00a0":  "\u00a0a\u00a0",
		"\t\"q\" ":       "\"q\"",
		"x\t\ty":         "x\t\ty",
		"  multi  word ": "multi  word",
	} {
		if got := string(trim([]byte(in))); got != want {
			t.Errorf("trim(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLowerAndEqualFold(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"Ann@X.COM":   "ann@x.com",
		"already":     "already",
		"ÉLODIE@X.FR": "élodie@x.fr",
		"Mixed Ünï@X": "mixed ünï@x",
	} {
		if got := lowerString([]byte(in)); got != want {
			t.Errorf("lowerString(%q) = %q, want %q", in, got, want)
		}
		if got := string(lowerInto([]byte("pre:"), []byte(in))); got != "pre:"+want {
			t.Errorf("lowerInto(pre:, %q) = %q", in, got)
		}
	}
	for _, c := range []struct {
		b, w string
		want bool
	}{
		{"EMAIL", "email", true}, {"eMaIl", "email", true}, {"email", "email", true},
		{"emails", "email", false}, {"emai", "email", false}, {"", "email", false}, {"", "", true},
		{"em@il", "email", false}, {"OUTBOUND", "outbound", true}, {"CALL ", "call", false},
	} {
		if got := equalFold([]byte(c.b), c.w); got != c.want {
			t.Errorf("equalFold(%q, %q) = %v", c.b, c.w, got)
		}
	}
}

func TestParseNumber(t *testing.T) {
	const max = 1<<63 - 1
	for _, c := range []struct {
		in       string
		micros   int64
		ok, big_ bool
	}{
		{"0", 0, true, false},
		{"3", 3_000_000, true, false},
		{"-12.5", -12_500_000, true, false},
		{"0.125", 125_000, true, false},
		{"3.", 3_000_000, true, false},
		{"-3.", -3_000_000, true, false},
		{"-0", 0, true, false},
		{"-0.0", 0, true, false},
		{"007", 7_000_000, true, false},
		{"1.000001", 1_000_001, true, false},
		{"0.999999", 999_999, true, false},
		{"0.000001", 1, true, false},
		{"-0.000001", -1, true, false},
		{"120", 120_000_000, true, false},
		{"9223372036854.775807", max, true, false},
		{"-9223372036854.775807", -max, true, false},
		{"9223372036854.775808", 0, true, true},
		{"9223372036855", 0, true, true},
		{"99999999999999999999999999", 0, true, true},
		{"99999999999999999999999999.5", 0, true, true},
		{"-99999999999999999999", 0, true, true},
		// not numbers
		{"", 0, false, false},
		{"-", 0, false, false},
		{".", 0, false, false},
		{".5", 0, false, false},
		{"-.5", 0, false, false},
		{"+3", 0, false, false},
		{"1e2", 0, false, false},
		{"1E2", 0, false, false},
		{"1,5", 0, false, false},
		{"1,000.00", 0, false, false},
		{"1 000", 0, false, false},
		{" 1", 0, false, false},
		{"1 ", 0, false, false},
		{"0.1234567", 0, false, false},
		{"1.2.3", 0, false, false},
		{"1.-2", 0, false, false},
		{"--1", 0, false, false},
		{"0x10", 0, false, false},
		{"abc", 0, false, false},
		{"NaN", 0, false, false},
		{"Inf", 0, false, false},
		{"١", 0, false, false},
		{"99999999999999999999.1234567", 0, false, false},
		{"99999999999999999999x", 0, false, false},
	} {
		micros, ok, big_ := parseNumber([]byte(c.in))
		if ok != c.ok || big_ != c.big_ || (ok && !big_ && micros != c.micros) {
			t.Errorf("parseNumber(%q) = %d, %v, %v; want %d, %v, %v", c.in, micros, ok, big_, c.micros, c.ok, c.big_)
		}
	}
}

func TestParseWhole(t *testing.T) {
	for _, c := range []struct {
		in       string
		v        int64
		ok, big_ bool
	}{
		{"0", 0, true, false},
		{"7", 7, true, false},
		{"007", 7, true, false},
		{"1234567890", 1234567890, true, false},
		{"9223372036854775799", 9223372036854775799, true, false},
		// the largest int64 fits
		{"9223372036854775800", 9223372036854775800, true, false},
		{"9223372036854775807", 9223372036854775807, true, false},
		{"9223372036854775808", 0, true, true},
		{"99999999999999999999", 0, true, true},
		{"", 0, false, false},
		{"-3", 0, false, false},
		{"+3", 0, false, false},
		{"12.5", 0, false, false},
		{"12.", 0, false, false},
		{"1e3", 0, false, false},
		{"12 000", 0, false, false},
		{"12,000", 0, false, false},
		{" 1", 0, false, false},
		{"99999999999999999999x", 0, false, false},
	} {
		v, ok, big_ := parseWhole([]byte(c.in))
		if ok != c.ok || big_ != c.big_ || (ok && !big_ && v != c.v) {
			t.Errorf("parseWhole(%q) = %d, %v, %v; want %d, %v, %v", c.in, v, ok, big_, c.v, c.ok, c.big_)
		}
	}
}

func TestParseDate(t *testing.T) {
	d := slcs.MakeDay
	for _, c := range []struct {
		in   string
		want slcs.Day
		ok   bool
	}{
		{"2026-03-04", d(2026, 3, 4), true},
		{"1970-01-01", 0, true},
		{"0001-01-01", d(1, 1, 1), true},
		{"9999-12-31", d(9999, 12, 31), true},
		{"2024-02-29", d(2024, 2, 29), true},
		{"2000-02-29", d(2000, 2, 29), true},
		{"2026-04-30", d(2026, 4, 30), true},
		{"2026-12-31", d(2026, 12, 31), true},
		{"2026-03-04T23:30:00-05:00", d(2026, 3, 5), true},
		{"2026-03-05T00:30:00+02:00", d(2026, 3, 4), true},
		{"2026-03-04t10:00:00z", d(2026, 3, 4), true},
		{"2026-03-04 10:00:00Z", d(2026, 3, 4), true},
		{"2026-03-04T10:00:00.1Z", d(2026, 3, 4), true},
		{"2026-03-04T10:00:00.123456789012+01:00", d(2026, 3, 4), true},
		{"2026-03-04T23:59:60Z", d(2026, 3, 4), true},
		{"2026-03-04T00:00:00Z", d(2026, 3, 4), true},
		{"2026-03-04T00:00:00-00:00", d(2026, 3, 4), true},
		{"2026-03-04T00:00:00+00:01", d(2026, 3, 3), true},
		{"2026-03-04T23:59:00-00:01", d(2026, 3, 5), true},
		{"2026-03-04T23:58:00-00:01", d(2026, 3, 4), true},
		{"2026-12-31T20:00:00-04:00", d(2027, 1, 1), true},
		{"2026-01-01T03:59:00+04:00", d(2025, 12, 31), true},
		{"2024-03-01T00:00:00+00:30", d(2024, 2, 29), true},
		{"2026-03-01T00:00:00+00:30", d(2026, 2, 28), true},
		{"2024-02-29T23:00:00-01:00", d(2024, 3, 1), true},
		{"2026-03-04T00:00:00+23:59", d(2026, 3, 3), true},
		{"2026-03-04T23:59:59-23:59", d(2026, 3, 5), true},
		// not dates
		{"", 0, false},
		{"2026-02-30", 0, false},
		{"2025-02-29", 0, false},
		{"1900-02-29", 0, false},
		{"2026-04-31", 0, false},
		{"2026-13-01", 0, false},
		{"2026-00-01", 0, false},
		{"2026-01-00", 0, false},
		{"2026-01-32", 0, false},
		{"26-01-01", 0, false},
		{"2026-1-01", 0, false},
		{"2026-01-1", 0, false},
		{"2026/01/01", 0, false},
		{"2026-01-01 ", 0, false},
		{"+026-01-01", 0, false},
		{"-026-01-01", 0, false},
		{"2026-0a-01", 0, false},
		{"2026-01-01T", 0, false},
		{"2026-01-01T10:00Z", 0, false},
		{"2026-01-01T10:00:00", 0, false},
		{"2026-01-01T10:00:00+0100", 0, false},
		{"2026-01-01T10:00:00+01", 0, false},
		{"2026-01-01T10:00:00+01:00:00", 0, false},
		{"2026-01-01T25:00:00Z", 0, false},
		{"2026-01-01T24:00:00Z", 0, false},
		{"2026-01-01T10:60:00Z", 0, false},
		{"2026-01-01T10:00:61Z", 0, false},
		{"2026-01-01T10:00:00.Z", 0, false},
		{"2026-01-01T10:00:00.5", 0, false},
		{"2026-01-01T10:00:00,5Z", 0, false},
		{"2026-01-01T10:00:00+24:00", 0, false},
		{"2026-01-01T10:00:00+01:60", 0, false},
		{"2026-01-01T10:00:00*01:00", 0, false},
		{"2026-01-01T10:00:00ZZ", 0, false},
		{"2026-01-01T10:00:00 Z", 0, false},
		{"2026-01-01T10:00:00UTC", 0, false},
		{"2026-01-01T10-00-00Z", 0, false},
		{"2026-01-01T1:00:00Z", 0, false},
		{"2026-01-01T-1:00:00Z", 0, false},
		{"2026-01-01X10:00:00Z", 0, false},
		{"2026-01-01T10:00:00+1a:00", 0, false},
		{"2026-02-30T10:00:00Z", 0, false},
		{"2026-01-01T10:00:00.5+0100", 0, false},
		{"20260101", 0, false},
		{"2026-01-01Z", 0, false},
		{"2026-01-01T10:00:00Z\n", 0, false},
		{"２０２６-01-01", 0, false},
	} {
		got, ok := parseDate([]byte(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestParseDateAgainstTime checks every date-time of a range of local
// times and offsets against the time package.
func TestParseDateAgainstTime(t *testing.T) {
	offsets := []string{"Z", "+00:00", "-00:00", "+01:00", "-05:00", "+05:30", "-09:30", "+14:00", "-12:00", "+23:59", "-23:59"}
	days := []string{"2024-02-28", "2024-02-29", "2024-12-31", "2025-01-01", "2026-03-01", "2100-02-28", "2000-02-29"}
	times := []string{"00:00:00", "00:29:59", "00:30:00", "05:29:00", "11:59:59", "12:00:00", "18:30:00", "23:59:59"}
	for _, day := range days {
		for _, tm := range times {
			for _, off := range offsets {
				s := day + "T" + tm + off
				got, ok := parseDate([]byte(s))
				ts, err := parseRFC3339(s)
				if err != nil {
					t.Fatalf("time.Parse(%q): %v", s, err)
				}
				if want := slcs.DayOf(ts); !ok || got != want {
					t.Errorf("parseDate(%q) = %v, %v; want %v", s, got, ok, want)
				}
			}
		}
	}
}

func TestParseMonth(t *testing.T) {
	for _, c := range []struct {
		in   string
		want slcs.Month
		ok   bool
	}{
		{"2026-01", slcs.MakeMonth(2026, 1), true},
		{"2026-12", slcs.MakeMonth(2026, 12), true},
		{"0001-06", slcs.MakeMonth(1, 6), true},
		{"", 0, false},
		{"2026-13", 0, false},
		{"2026-00", 0, false},
		{"2026-1", 0, false},
		{"2026-01-05", 0, false},
		{"2026-01-", 0, false},
		{"26-01", 0, false},
		{"2026/01", 0, false},
		{"202601", 0, false},
		{"2026-0a", 0, false},
		{"+026-01", 0, false},
		{"2026-+1", 0, false},
		{"2026-01 ", 0, false},
		{"Jan 2026", 0, false},
	} {
		got, ok := parseMonth([]byte(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseMonth(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSplitPeople(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{";", nil},
		{";; ", nil},
		{" ; \t;", nil},
		{"a@x.com", []string{"a@x.com"}},
		{"A@X.com", []string{"a@x.com"}},
		{" a@x.com ; B@x.com;;", []string{"a@x.com", "b@x.com"}},
		{"a@x.com;A@X.COM; a@x.com", []string{"a@x.com", "a@x.com", "a@x.com"}}, // repeats are kept
		{"Jo Smith;\tÉLODIE ", []string{"jo smith", "élodie"}},
		{"a,b;c", []string{"a,b", "c"}},
		{"\na;b\n", []string{"\na", "b\n"}}, // only spaces and tabs are trimmed
	} {
		_, items := splitPeople([]byte(c.in), nil, nil)
		var got []string
		for _, it := range items {
			got = append(got, string(it))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
			t.Errorf("splitPeople(%q) = %q, want %q", c.in, got, c.want)
		}
		if hasPerson([]byte(c.in)) != (len(c.want) > 0) {
			t.Errorf("hasPerson(%q) = %v, want %v", c.in, !(len(c.want) > 0), len(c.want) > 0)
		}
	}

	// items stay intact while the scratch buffer grows within one call,
	// and the buffers are reused by the next call
	scratch := make([]byte, 0, 4)
	var items [][]byte
	long := strings.Repeat("Person@Example.COM;", 50)
	scratch, items = splitPeople([]byte(long), scratch, items)
	if len(items) != 50 {
		t.Fatalf("%d items, want 50", len(items))
	}
	for i, it := range items {
		if string(it) != "person@example.com" {
			t.Fatalf("item %d = %q", i, it)
		}
		if cap(it) != len(it) {
			t.Fatalf("item %d has spare capacity: appending to it would overwrite the next", i)
		}
	}
	_, items = splitPeople([]byte("X;Y"), scratch, items)
	if len(items) != 2 || string(items[0]) != "x" || string(items[1]) != "y" {
		t.Errorf("reused buffers: items %q", items)
	}
}

func parseRFC3339(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
