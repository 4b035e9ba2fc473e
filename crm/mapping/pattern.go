package mapping

import (
	"fmt"
	"strings"
	"time"
)

// pattern is a date pattern of a mapping file, such as "DD.MM.YYYY HH:mm",
// compiled to a layout of Go's time package.
type pattern struct {
	text    string // as written
	layout  string
	hasTime bool // it reads an hour: the value is a date-time
}

// tokens are the parts of a date a pattern can read; everything else in a
// pattern is literal text.
var tokens = []struct {
	tok, layout string
	part        byte // Y, M, D, H, m, s
}{
	{"YYYY", "2006", 'Y'},
	{"YY", "06", 'Y'},
	{"MM", "01", 'M'},
	{"M", "1", 'M'},
	{"DD", "02", 'D'},
	{"D", "2", 'D'},
	{"HH", "15", 'H'},
	{"H", "15", 'H'},
	{"mm", "04", 'm'},
	{"ss", "05", 's'},
}

const tokenList = "YYYY, YY, MM, M, DD, D, HH, H, mm, ss"

// patternRef is the time a compiled layout is checked with: each of its
// parts formats differently from any layout element of Go, so literal text
// that Go would read as one is found.
var patternRef = time.Date(2011, 12, 13, 9, 17, 18, 190_000_000, time.FixedZone("ABC", 8*3600+1800))

// compilePattern compiles a date pattern. A date needs a year, a month and
// a day; with day false (a month), the day may be left out.
func compilePattern(p string, day bool) (*pattern, error) {
	if strings.TrimSpace(p) == "" {
		return nil, fmt.Errorf("the pattern is empty: write one such as \"DD.MM.YYYY\" with the tokens %s", tokenList)
	}
	var layout, want strings.Builder
	seen := map[byte]bool{}
	for i := 0; i < len(p); {
		c := p[i]
		n := 1
		for i+n < len(p) && p[i+n] == c {
			n++
		}
		run := p[i : i+n]
		switch c {
		case 'Y', 'M', 'D', 'H', 'm', 's':
			tok := -1
			for j, t := range tokens {
				if t.tok == run {
					tok = j
				}
			}
			if tok < 0 {
				return nil, fmt.Errorf("%q: %q is not a token: the tokens are %s", p, run, tokenList)
			}
			if seen[c] {
				return nil, fmt.Errorf("%q: the %s is read twice", p, partName(c))
			}
			seen[c] = true
			layout.WriteString(tokens[tok].layout)
			want.WriteString(patternRef.Format(tokens[tok].layout))
			i += n
			continue
		}
		// a word of only y, d, h or S is a token written in the wrong case
		if alone := (i == 0 || !isLetter(p[i-1])) && (i+n == len(p) || !isLetter(p[i+n])); alone {
			switch c {
			case 'y', 'd':
				return nil, fmt.Errorf("%q: write the year as YYYY and the day as DD, in capitals (the tokens are %s)", p, tokenList)
			case 'h':
				return nil, fmt.Errorf("%q: write the hour as HH, in capitals (24-hour clock; the tokens are %s)", p, tokenList)
			case 'S':
				return nil, fmt.Errorf("%q: write the seconds as ss, in small letters (the tokens are %s)", p, tokenList)
			}
		}
		layout.WriteByte(c)
		want.WriteByte(c)
		i++
	}
	switch {
	case !seen['Y'] || !seen['M']:
		return nil, fmt.Errorf("%q: a date needs a year (YYYY or YY) and a month (MM or M)", p)
	case day && !seen['D']:
		return nil, fmt.Errorf("%q: a date needs a day (DD or D)", p)
	case seen['m'] && !seen['H']:
		return nil, fmt.Errorf("%q: minutes (mm) need an hour (HH)", p)
	case seen['s'] && !seen['m']:
		return nil, fmt.Errorf("%q: seconds (ss) need minutes (mm)", p)
	case seen['H'] && !seen['m']:
		return nil, fmt.Errorf("%q: an hour (HH) needs minutes (mm)", p)
	}
	pt := &pattern{text: p, layout: layout.String(), hasTime: seen['H']}
	// Go reads some letters and digits as parts of a date: literal text
	// must hold none of them
	ref := patternRef
	if !seen['D'] {
		ref = time.Date(ref.Year(), ref.Month(), 1, ref.Hour(), ref.Minute(), ref.Second(), 0, ref.Location())
	}
	got, err := time.ParseInLocation(pt.layout, want.String(), ref.Location())
	if ref.Format(pt.layout) != want.String() || err != nil || got.Year() != ref.Year() || got.Month() != ref.Month() ||
		(seen['D'] && got.Day() != ref.Day()) || (seen['H'] && got.Hour() != ref.Hour()) {
		return nil, fmt.Errorf("%q: its text between the tokens cannot be read literally: use the tokens %s with punctuation, spaces and the letter T between them", p, tokenList)
	}
	return pt, nil
}

func partName(c byte) string {
	switch c {
	case 'Y':
		return "year"
	case 'M':
		return "month"
	case 'D':
		return "day"
	case 'H':
		return "hour"
	case 'm':
		return "minute"
	}
	return "second"
}

// parse reads a value written in the pattern; one without a time is the
// midnight starting its day, in loc.
func (p *pattern) parse(s string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation(p.layout, s, loc)
	return t, err == nil
}
