package mapping

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseNumber(t *testing.T) {
	const bad, big = math.MinInt64, math.MinInt64 + 1
	for _, c := range []struct {
		in   string
		dec  byte
		want int64 // millionths; bad or big
	}{
		{"12", '.', 12_000_000},
		{"-12.5", '.', -12_500_000},
		{"+3", '.', 3_000_000},
		{"0.125", '.', 125_000},
		{".5", '.', 500_000},
		{"5.", '.', 5_000_000},
		{"1,234,567.891", '.', 1_234_567_891_000},
		{"1.234.567,891", ',', 1_234_567_891_000},
		{"1 234,50", ',', 1_234_500_000},
		{"1\u00a0234,50", ',', 1_234_500_000},
		{"1\u202f234,50", ',', 1_234_500_000},
		{"1'234.50", '.', 1_234_500_000},
		{"1’234.50", '.', 1_234_500_000},
		{"1.234,50 €", ',', 1_234_500_000},
		{"€1,234.50", '.', 1_234_500_000},
		{"$ -80", '.', -80_000_000},
		{"-€80", '.', -80_000_000},
		{"-80 €", '.', -80_000_000},
		{"−80", '.', -80_000_000},
		{"(80.00)", '.', -80_000_000},
		{"( 1.234,50 € )", ',', -1_234_500_000},
		{"EUR 1.234,50", ',', 1_234_500_000},
		{"1234.50 USD", '.', 1_234_500_000},
		{"1234.50USD", '.', 1_234_500_000},
		{"CHF 1'234.50", '.', 1_234_500_000},
		{"  7  ", '.', 7_000_000},
		{"0.0000005", '.', 1},
		{"0.00000049", '.', 0},
		{"-0.0000005", '.', -1},
		{"1.2345678", '.', 1_234_568},
		{"9000000000000", '.', 9_000_000_000_000_000_000},
		{"000012", '.', 12_000_000},
		// not numbers
		{"", '.', bad},
		{"-", '.', bad},
		{"€", '.', bad},
		{"1,5", '.', bad},        // a decimal comma with decimal "."
		{"1,234.50", ',', bad},   // a decimal point after the decimal comma
		{"1.2.3", '.', bad},      // two decimal separators
		{"12,34,567", '.', bad},  // groups of two
		{"1234,567.5", '.', bad}, // a first group of four
		{",123", '.', bad},
		{"1,234,", '.', bad},
		{"1e6", '.', bad},
		{"12%", '.', bad},
		{"n. a.", ',', bad},
		{"abc", '.', bad},
		{"EURO 12", '.', bad},
		{"12 Stk", '.', bad},
		{"(-5)", '.', bad},
		{"1.234,5 ,", ',', bad},
		{"12.5.", '.', bad},
		{"9000000000000.000001", '.', big},
		{"99999999999999", '.', big},
	} {
		got, p := parseNumber(c.in, c.dec)
		switch {
		case c.want == bad:
			if p != numBad {
				t.Errorf("parseNumber(%q, %q) = %d, %d; want not a number", c.in, c.dec, got, p)
			}
		case c.want == big:
			if p != numTooLarge {
				t.Errorf("parseNumber(%q, %q) = %d, %d; want too large", c.in, c.dec, got, p)
			}
		case p != numOK || got != c.want:
			t.Errorf("parseNumber(%q, %q) = %d, %d; want %d", c.in, c.dec, got, p, c.want)
		}
	}
}

func TestPatterns(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pattern, in string
		want        string // the date or date-time read, in UTC; "" when the value does not fit
	}{
		{"DD.MM.YYYY", "05.03.2025", "2025-03-05"},
		{"DD.MM.YYYY", "5.3.2025", ""}, // DD and MM want two digits
		{"D.M.YYYY", "5.3.2025", "2025-03-05"},
		{"D.M.YYYY", "05.03.2025", "2025-03-05"},
		{"DD.MM.YYYY", "31.02.2025", ""},
		{"DD.MM.YYYY", "05.03.2025 10:00", ""},
		{"MM/DD/YY", "03/05/25", "2025-03-05"},
		{"YYYYMMDD", "20250305", "2025-03-05"},
		{"DD.MM.YYYY HH:mm", "05.03.2025 09:30", "2025-03-05T08:30:00Z"},
		{"DD.MM.YYYY H:mm", "05.03.2025 9:30", "2025-03-05T08:30:00Z"},
		{"DD.MM.YYYY HH:mm", "05.07.2025 00:30", "2025-07-04T22:30:00Z"},
		{"YYYY-MM-DDTHH:mm:ss", "2025-03-05T09:30:15", "2025-03-05T08:30:15Z"},
		{"DD.MM.YYYY, HH:mm Uhr", "05.03.2025, 14:00 Uhr", "2025-03-05T13:00:00Z"},
		{"DD/MM/YYYY", "05.03.2025", ""},
	} {
		p, err := compilePattern(c.pattern, true)
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		m := &Mapping{loc: berlin}
		got, ok := m.date(c.in, p)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("%q reading %q: got %q, want %q", c.pattern, c.in, got, c.want)
		}
	}
	for _, c := range []struct{ pattern, want string }{
		{"", "the pattern is empty"},
		{"dd.mm.yyyy", "write the year as YYYY and the day as DD"},
		{"DD.MM.YYYY hh:mm", "write the hour as HH"},
		{"DD.MM.YYYY HH:mm:SS", "write the seconds as ss"},
		{"YYY-MM-DD", `"YYY" is not a token`},
		{"DD MMM YYYY", `"MMM" is not a token`},
		{"DD.MM.", "a date needs a year"},
		{"MM.YYYY", "a date needs a day"},
		{"DD.MM.YYYY mm", "minutes (mm) need an hour"},
		{"DD.MM.YYYY HH", "an hour (HH) needs minutes"},
		{"DD.MM.YYYY HH:mm:ss.ss", "the second is read twice"},
		{"DD.MM.YYYY (Jan)", "cannot be read literally"},
		{"DD.MM.YYYY 15", "cannot be read literally"},
		{"DD.MM.YYYY _2", "cannot be read literally"},
		{"DD.MM.YYYY PM", "the month is read twice"},
	} {
		_, err := compilePattern(c.pattern, true)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want an error holding %q", c.pattern, err, c.want)
		}
	}
	if _, err := compilePattern("MM/YYYY", false); err != nil {
		t.Errorf("a month pattern without a day: %v", err)
	}
}

func TestMonthAndBuiltInDates(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	m := &Mapping{loc: berlin}
	mp, _ := compilePattern("MM/YYYY", false)
	for _, c := range []struct {
		in   string
		p    *pattern
		want string
	}{
		{"2025-03", nil, "2025-03"},
		{"2025-13", nil, ""},
		{"2025-03-31", nil, "2025-03"},
		{"2025-03-31 23:30:00", nil, "2025-03"}, // the month as written, not in UTC
		{"2025-04-01T00:30:00+02:00", nil, "2025-04"},
		{"03/2025", mp, "2025-03"},
		{"2025-03", mp, ""},
	} {
		got, ok := m.month(c.in, c.p)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("month(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"2025-03-05":                "2025-03-05",
		"2025-03-05 09:30:00":       "2025-03-05T08:30:00Z",
		"2025-03-05T09:30:00Z":      "2025-03-05T09:30:00Z",
		"2025-03-05T09:30:00-05:00": "2025-03-05T14:30:00Z",
		"03/05/2025":                "2025-03-05",
		"05.03.2025":                "",
	} {
		got, ok := m.date(in, nil)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("date(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Alder.example:8080/about?x=1": "alder.example",
		"www.alder.example":                        "alder.example",
		"alder.example.":                           "alder.example",
		"jo@Alder.example":                         "alder.example",
		"mailto:jo@alder.example":                  "alder.example",
		"sub.alder.example/path":                   "sub.alder.example",
		"jo@gmail.com":                             "",
		"n/a":                                      "",
		"localhost":                                "",
		"alder example.com":                        "",
	} {
		if got := domain(in); got != want {
			t.Errorf("domain(%q) = %q, want %q", in, got, want)
		}
	}
}
